// A markdown panel's text as React elements, never as HTML: headings (#), list items (- or *),
// paragraphs, **bold**, `code` and [links](url) whose url is http(s) or a path of this app. Any
// HTML in the text shows as the characters typed.
import type { ReactNode } from "react";

const INLINE = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
const SAFE_URL = /^(https?:\/\/|\/(?!\/))/i;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const key = `${m.index}`;
    if (m[1] !== undefined) out.push(<strong key={key}>{m[1]}</strong>);
    else if (m[2] !== undefined)
      out.push(
        <code key={key} className="rounded bg-slate-100 px-1 dark:bg-slate-800">
          {m[2]}
        </code>,
      );
    else if (m[4] !== undefined && SAFE_URL.test(m[4]))
      out.push(
        <a key={key} href={m[4]} className="text-sky-700 underline dark:text-sky-400" rel="noreferrer">
          {m[3]}
        </a>,
      );
    else out.push(m[3] ?? "");
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length === 0) return;
    blocks.push(
      <ul key={`ul${blocks.length}`} className="list-disc pl-5">
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
          <li key={i}>{inline(item)}</li>
        ))}
      </ul>,
    );
    items = [];
  };
  for (const line of text.split("\n")) {
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      items.push(item[1] ?? "");
      continue;
    }
    flush();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const key = `b${blocks.length}`;
    if (heading) {
      // Under the panel's own h2 title.
      const level = heading[1]?.length ?? 1;
      const Tag = (["h3", "h4", "h5"] as const)[level - 1] ?? "h5";
      const size = ["text-lg", "text-base", "text-sm"][level - 1];
      blocks.push(
        <Tag key={key} className={`${size} font-semibold`}>
          {inline(heading[2] ?? "")}
        </Tag>,
      );
    } else if (line.trim() !== "") blocks.push(<p key={key}>{inline(line)}</p>);
  }
  flush();
  return (
    <div data-testid="panel-markdown" className="space-y-2 text-sm">
      {blocks}
    </div>
  );
}
