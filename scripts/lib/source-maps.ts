// Stack traces name the lines of Bulkhead's own TypeScript (tsx's source maps), and the packages under node_modules
// keep the lines of their published files. tsx turns Node's source-map support on for every file, and Node then reads
// the source map of each package file that names one (most of the clouds' SDKs and Next.js do) and keeps it for the
// life of the process: 41 MB of the launcher's heap and 38–73 MB of its resident memory in two starts (heap snapshots,
// README: Performance). scripts/start.ts imports this right after the Node version check, before anything from
// node_modules loads.
import module from "node:module";

module.setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
