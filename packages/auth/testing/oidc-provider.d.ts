// The part of oidc-provider's API that packages/auth/testing uses: the package ships no
// types, and this keeps @types/oidc-provider (9.12, behind the package's 9.13) out of the lockfile.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: "server_error", listener: (ctx: unknown, error: Error) => void): this;
    use(middleware: (ctx: { path: string; body: unknown }, next: () => Promise<void>) => Promise<void>): this;
  }

  export type FindAccount = (ctx: unknown, sub: string) => Promise<Account | undefined>;
}
