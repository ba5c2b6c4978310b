import { describe, expect, it } from "vitest";
import { parsePasswd } from "./users.ts";

describe("parsePasswd", () => {
  it("maps uids to names, first entry wins", () => {
    const text = [
      "root:x:0:0:root:/root:/bin/bash",
      "# comment",
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
      "toor:x:0:0::/root:/bin/sh",
      "broken",
      "",
    ].join("\n");
    expect(parsePasswd(text)).toEqual(
      new Map([
        [0, "root"],
        [1, "daemon"],
      ]),
    );
  });
});
