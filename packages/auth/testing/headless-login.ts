// Signs in at the test provider the way a browser would, without one: follows redirects and
// submits its devInteractions login and consent forms, keeping the provider's cookies.

const MAX_STEPS = 20;

/**
 * Walks from `authorizationUrl` through the provider until it redirects to a URL starting with
 * `redirectPrefix` (the client's callback) and returns that URL, carrying the code and state
 * (or the provider's error). `login` is the account's `sub`; any password is accepted.
 */
export async function headlessLogin(authorizationUrl: string, login: string, redirectPrefix: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (url.startsWith(redirectPrefix)) return new URL(url);
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      body: form,
      redirect: "manual",
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";", 1)[0] ?? "";
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      form = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url} (${response.status}): ${html.slice(0, 500)}`);
    form = formFields(html);
    if (form.has("login")) {
      form.set("login", login);
      form.set("password", "any");
    }
    url = new URL(action.replaceAll("&amp;", "&"), url).href;
  }
  throw new Error(`no redirect to ${redirectPrefix} after ${MAX_STEPS} steps (last: ${url})`);
}

/** The named inputs of the page's form with their preset values (hidden fields included). */
function formFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    if (name) fields.set(name, /value="([^"]*)"/.exec(tag)?.[1] ?? "");
  }
  return fields;
}
