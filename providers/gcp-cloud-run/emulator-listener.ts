// One TCP port for both of the emulator's faces, so a target needs one endpoint: gRPC clients (Cloud Run, Secret
// Manager) open a plaintext HTTP/2 connection, whose first bytes are the client preface "PRI * HTTP/2.0" (RFC 9113,
// section 3.4); REST clients (IAM, Compute) speak HTTP/1.1 and start with a method ("GET ", "POST "…). The first bytes
// decide, and are handed back to the socket for the server that takes it.
import { createServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import type { Server as HttpServer } from "node:http";

const PREFACE = Buffer.from("PRI ");

export interface Listener {
  port: number;
  /** Open connections by peer address ("127.0.0.1:50123"), so a "drop" fault can close the caller's socket. */
  sockets: Map<string, Socket>;
  close(): Promise<void>;
}

export async function listen(port: number, grpc: (socket: Socket) => void, http: HttpServer): Promise<Listener> {
  const sockets = new Map<string, Socket>();
  const tcp: TcpServer = createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.set(peer, socket);
    socket.once("close", () => sockets.delete(peer));
    let head = Buffer.alloc(0);
    const sniff = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < PREFACE.length && PREFACE.subarray(0, head.length).equals(head)) return;
      socket.off("data", sniff);
      socket.pause();
      socket.unshift(head);
      if (head.subarray(0, PREFACE.length).equals(PREFACE)) return grpc(socket);
      http.emit("connection", socket);
      // The HTTP/1.1 server reads through 'data' events, which a paused socket does not emit.
      socket.resume();
    };
    socket.on("data", sniff);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (tcp.address() as AddressInfo).port,
    sockets,
    async close() {
      for (const socket of sockets.values()) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
