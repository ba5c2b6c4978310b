// Raw sockets against a listener, for clients that misbehave below HTTP (silent, trickling).
import { connect, type Socket } from "node:net";

/** Opens a socket to `port`, runs `talk` on it; resolves with ms until the server closed it and what it said. */
export function closedAfter(port: number, talk: (socket: Socket) => void): Promise<{ ms: number; said: string }> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    let said = "";
    const socket = connect(port, "127.0.0.1", () => talk(socket));
    socket.on("data", (d) => {
      said += d.toString("latin1");
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve({ ms: Date.now() - start, said }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error("socket still open after 20 s"));
    }, 20_000).unref();
  });
}
