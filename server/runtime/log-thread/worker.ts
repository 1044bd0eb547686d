// The log thread's entry (started by ./thread.ts): its follows are served (./serve.ts) with the providers' log readers,
// which load only the cloud clients that read logs.
import { parentPort } from "node:worker_threads";
import { logReaderFor } from "@/providers/log-readers";
import { serveFollows } from "./serve";

serveFollows(parentPort!, logReaderFor);
