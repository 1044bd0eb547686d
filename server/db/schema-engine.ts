// Prisma's schema engine (the part of Prisma that migrates) as WebAssembly, so migrating needs no native
// engine download (see shared/notes/OFFLINE.md). The package is a bundler-style wasm-bindgen build: its
// entry imports the .wasm as an ES module, which Node 20 allows only behind --experimental-wasm-modules.
// So we instantiate the .wasm ourselves and hand its exports to the package's JS glue.
import { AsyncLocalStorage } from "node:async_hooks";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum, type SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

export type SchemaEngine = glue.SchemaEngine;
export type MigrationList = glue.MigrationList;

// The glue reports a Rust panic here just before the wasm traps with a bare "unreachable"; throwing
// carries the panic message out instead. Prisma Client installs its own registry for its wasm, which
// does the same; either serves both.
const panicRegistry = {
  set_message(message: string) {
    throw new Error(`Prisma WebAssembly engine panicked: ${message}`);
  },
};

// The engine arms a 10 s JS timer each time it takes Prisma's advisory lock and never clears it (the glue
// has no clearTimeout), which would keep the process alive for 10 s after migrating. Timers still
// pending when the last open engine closes serve no one, so they are cleared then.
const engineTimers = new Set<NodeJS.Timeout>();
let openEngines = 0;

function engineSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, ms >>> 0);
  engineTimers.add(timer);
  return timer;
}

let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
    const glueFile = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(glueFile), "schema_engine_bg.wasm"));
    const imports: WebAssembly.ModuleImports = { ...glue };
    for (const name of Object.keys(imports)) if (name.startsWith("__wbg_setTimeout_")) imports[name] = engineSetTimeout;
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

/** An engine failure without the Rust span trace the engine appends; says which migration it was on. */
export class SchemaEngineError extends Error {
  readonly migrationName: string | undefined;

  constructor(error: unknown) {
    const text = error instanceof Error ? error.message : String(error);
    const [summary = text] = text.split(/\n\s+0: /);
    super(summary.replace(/external connector error\n/g, "").trim(), { cause: error });
    this.name = "SchemaEngineError";
    this.migrationName = /migration_name="([^"]+)"/.exec(text)?.[1];
  }
}

const CHAR_OID = 18;
const TEXT_OID = 25;
/** Indexes of the "char" columns in the result of the query running in this async context. */
const charColumns = new AsyncLocalStorage<number[]>();

/**
 * A PrismaPg connection with two fixes the engine needs from adapter-pg 7.10:
 * - the engine reads catalog columns of Postgres's one-byte "char" type (pg_constraint.contype) as
 *   characters, but the adapter rejects that type ("Column type 'char' could not be deserialized"): the
 *   pool hands such columns over as text, and queryRaw then reports them as characters;
 * - the adapter's executeScript splits a script on every ";" (breaking string literals and function
 *   bodies) and runs the pieces one by one. A parameterless query goes over the simple protocol instead,
 *   where Postgres runs the whole script as one implicit transaction, as `prisma migrate deploy` does.
 */
async function connect(connectionString: string): Promise<{ adapter: SqlDriverAdapter; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  pool.query = (async (...args: unknown[]) => {
    const result = await query(...args);
    (result.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      charColumns.getStore()?.push(index);
    });
    return result;
  }) as typeof pool.query;
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = (sqlQuery) =>
    charColumns.run([], async () => {
      const result = await queryRaw(sqlQuery);
      for (const index of charColumns.getStore() ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
      return result;
    });
  adapter.executeScript = async (script) => void (await adapter.executeRaw({ sql: script, args: [], argTypes: [] }));
  return { adapter, pool };
}

/**
 * Runs `use` with a schema engine connected to `databaseUrl`, then frees it and closes its connections so
 * the process can exit. Commands that replay the migrations (diff from a migrations folder) need
 * `shadowDatabaseUrl`: an empty database to replay them into, which the engine leaves as it is after.
 */
export async function withSchemaEngine<T>(databaseUrl: string, use: (engine: SchemaEngine) => Promise<T>, options: { shadowDatabaseUrl?: string } = {}): Promise<T> {
  await loadWasm();
  const pools: pg.Pool[] = [];
  const open = async (url: string) => {
    const { adapter, pool } = await connect(url);
    pools.push(pool);
    return adapter;
  };
  // Not PrismaPg's own connectToShadowDb: given a URL, it creates a database but then connects to the URL's
  // own database (a connection string's dbname wins over the override), so migrations would be replayed there.
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => open(databaseUrl),
    connectToShadowDb: () => (options.shadowDatabaseUrl ? open(options.shadowDatabaseUrl) : Promise.reject(new Error("no shadow database was given"))),
  });
  let engine: SchemaEngine | undefined;
  openEngines++;
  try {
    // The log callback would receive the engine's tracing lines; failures arrive as rejections anyway.
    engine = await glue.SchemaEngine.new({ datamodels: undefined }, () => {}, factory);
    return await use(engine);
  } catch (error) {
    throw new SchemaEngineError(error);
  } finally {
    engine?.free();
    if (--openEngines === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
    // The engine disposes of the shadow database's connection itself, but never of the main one.
    await Promise.all(pools.filter((pool) => !pool.ending).map((pool) => pool.end()));
  }
}
