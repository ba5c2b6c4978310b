// /api/auth/* → better-auth's own endpoints in the api service, such as the OpenID Connect
// callback (see server/api-proxy.ts).
import { apiProxy } from "../../../../server/api-proxy.ts";

export const dynamic = "force-dynamic";

const proxy = apiProxy("/api/auth");

export { proxy as GET, proxy as POST };
