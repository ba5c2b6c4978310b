// /api/v1/* → the api service's query API (see server/api-proxy.ts).
import { apiProxy } from "../../../../server/api-proxy.ts";

export const dynamic = "force-dynamic";

const proxy = apiProxy("/api/v1");

export { proxy as DELETE, proxy as GET, proxy as POST, proxy as PUT };
