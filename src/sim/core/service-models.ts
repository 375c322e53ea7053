/**
 * AWS's own service models (botocore's `service-2.json`, as Debian's python3-botocore ships them), loaded at run
 * time and compiled into shape trees the input validator and the output checker walk. The models are AWS's, not
 * ours: they are read from the installed package (or `CISFLEET_BOTOCORE_DATA`), never copied into the repository.
 * Without them the simulator still serves, unvalidated; the model tests say so (docs/simulator.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's python3-botocore puts the models. */
export const DEBIAN_BOTOCORE_DATA = '/usr/lib/python3/dist-packages/botocore/data';

/** The models' directory: `CISFLEET_BOTOCORE_DATA` when set (another botocore, a newer copy), else Debian's. */
export function botocoreDataDir(): string {
  return process.env.CISFLEET_BOTOCORE_DATA || DEBIAN_BOTOCORE_DATA;
}

/** A shape as botocore's JSON writes it (only the fields the simulator reads). */
interface RawShape {
  type: string;
  members?: Record<string, { shape: string; locationName?: string }>;
  required?: string[];
  member?: { shape: string; locationName?: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

interface RawOperation {
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

interface RawModel {
  metadata: { protocol: string; apiVersion: string; targetPrefix?: string };
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}

interface ShapeBase {
  /** The model's shape name (for messages). */
  name: string;
}

export interface StructureShape extends ShapeBase {
  kind: 'structure';
  members: Map<string, CompiledShape>;
  required: readonly string[];
  /** Members the model gives a wire name (`locationName`) other than their own, e.g. EC2's `groupSet` for Groups. */
  locationNames: ReadonlyMap<string, string>;
}
export interface ListShape extends ShapeBase {
  kind: 'list';
  member: CompiledShape;
  /** The wire name of each item (`locationName` of the list's member, e.g. EC2's `item`), when the model gives one. */
  memberLocationName?: string;
  min?: number;
  max?: number;
}
export interface MapShape extends ShapeBase {
  kind: 'map';
  key: CompiledShape;
  value: CompiledShape;
  min?: number;
  max?: number;
}
export interface StringShape extends ShapeBase {
  kind: 'string';
  min?: number;
  max?: number;
  /** The model's pattern as AWS writes it (Java regex), for messages. */
  pattern?: string;
  /** The pattern compiled to match the whole value, as Java's `matches()` does; absent when JS cannot compile it. */
  patternRegex?: RegExp;
  enum?: ReadonlySet<string>;
}
export interface NumberShape extends ShapeBase {
  kind: 'integer' | 'long' | 'float' | 'double';
  min?: number;
  max?: number;
}
export interface ScalarShape extends ShapeBase {
  kind: 'boolean' | 'timestamp' | 'blob';
}
export type CompiledShape = StructureShape | ListShape | MapShape | StringShape | NumberShape | ScalarShape;

/** One operation: its input and output structures and the wire codes of the errors it declares. */
export interface OperationModel {
  name: string;
  input?: StructureShape;
  output?: StructureShape;
  /** Wire error codes (the query protocol's `awsQueryError` code where the model gives one, else the shape name). */
  errorCodes: ReadonlySet<string>;
}

export interface ServiceModel {
  service: string;
  apiVersion: string;
  protocol: string;
  /** The file it came from (reports name it). */
  file: string;
  operation(name: string): OperationModel | undefined;
  operationNames(): string[];
}

/**
 * Java regex → JavaScript. The models' patterns use `\p{L}`-style classes (need the `u` flag) and otherwise
 * plain syntax; a pattern neither form compiles is left unchecked and listed by `uncompiledPatterns`.
 */
function compilePattern(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

const uncompiled = new Set<string>();

/** Patterns of the loaded models that JavaScript could not compile (they are not checked). */
export function uncompiledPatterns(): string[] {
  return [...uncompiled];
}

function compileModel(service: string, file: string, raw: RawModel): ServiceModel {
  const compiled = new Map<string, CompiledShape>();

  const shape = (name: string): CompiledShape => {
    const done = compiled.get(name);
    if (done) return done;
    const rawShape = raw.shapes[name];
    if (!rawShape) throw new Error(`${file}: shape ${name} is referenced but not defined`);
    const bounds = {
      ...(rawShape.min === undefined ? {} : { min: rawShape.min }),
      ...(rawShape.max === undefined ? {} : { max: rawShape.max }),
    };
    switch (rawShape.type) {
      case 'structure': {
        // Registered before its members are compiled: recursive shapes refer back to this object.
        const locationNames = new Map<string, string>();
        const structure: StructureShape = {
          kind: 'structure',
          name,
          members: new Map(),
          required: rawShape.required ?? [],
          locationNames,
        };
        compiled.set(name, structure);
        for (const [member, ref] of Object.entries(rawShape.members ?? {})) {
          structure.members.set(member, shape(ref.shape));
          if (ref.locationName !== undefined) locationNames.set(member, ref.locationName);
        }
        return structure;
      }
      case 'list': {
        const itemName = rawShape.member!.locationName;
        const list = {
          kind: 'list',
          name,
          ...bounds,
          ...(itemName === undefined ? {} : { memberLocationName: itemName }),
        } as ListShape;
        compiled.set(name, list);
        list.member = shape(rawShape.member!.shape);
        return list;
      }
      case 'map': {
        const map = { kind: 'map', name, ...bounds } as MapShape;
        compiled.set(name, map);
        map.key = shape(rawShape.key!.shape);
        map.value = shape(rawShape.value!.shape);
        return map;
      }
      case 'string': {
        const patternRegex = rawShape.pattern === undefined ? undefined : compilePattern(rawShape.pattern);
        if (rawShape.pattern !== undefined && !patternRegex) uncompiled.add(`${service}:${name}: ${rawShape.pattern}`);
        const str: StringShape = {
          kind: 'string',
          name,
          ...bounds,
          ...(rawShape.pattern === undefined ? {} : { pattern: rawShape.pattern }),
          ...(patternRegex ? { patternRegex } : {}),
          ...(rawShape.enum ? { enum: new Set(rawShape.enum) } : {}),
        };
        compiled.set(name, str);
        return str;
      }
      case 'integer':
      case 'long':
      case 'float':
      case 'double': {
        const num: NumberShape = { kind: rawShape.type, name, ...bounds };
        compiled.set(name, num);
        return num;
      }
      case 'boolean':
      case 'timestamp':
      case 'blob': {
        const scalar: ScalarShape = { kind: rawShape.type, name };
        compiled.set(name, scalar);
        return scalar;
      }
      default:
        throw new Error(`${file}: shape ${name} has a type the simulator does not know: ${rawShape.type}`);
    }
  };

  const structure = (name: string | undefined): StructureShape | undefined => {
    if (name === undefined) return undefined;
    const s = shape(name);
    if (s.kind !== 'structure') throw new Error(`${file}: ${name} is not a structure`);
    return s;
  };

  const errorCode = (name: string): string =>
    raw.metadata.protocol === 'query' ? (raw.shapes[name]?.error?.code ?? name) : name;

  const operations = new Map<string, OperationModel>();
  return {
    service,
    apiVersion: raw.metadata.apiVersion,
    protocol: raw.metadata.protocol,
    file,
    operation(name) {
      const known = operations.get(name);
      if (known) return known;
      const rawOperation = Object.hasOwn(raw.operations, name) ? raw.operations[name] : undefined;
      if (!rawOperation) return undefined;
      const input = structure(rawOperation.input?.shape);
      const output = structure(rawOperation.output?.shape);
      const operation: OperationModel = {
        name,
        ...(input ? { input } : {}),
        ...(output ? { output } : {}),
        errorCodes: new Set((rawOperation.errors ?? []).map((e) => errorCode(e.shape))),
      };
      operations.set(name, operation);
      return operation;
    },
    operationNames: () => Object.keys(raw.operations),
  };
}

/** The model file of a service: the newest API version under the data directory. */
export function modelFile(service: string, dataDir = botocoreDataDir()): string | undefined {
  const dir = join(dataDir, service);
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir)
    .filter((v) => existsSync(join(dir, v, 'service-2.json')))
    .sort();
  const newest = versions[versions.length - 1];
  return newest === undefined ? undefined : join(dir, newest, 'service-2.json');
}

const cache = new Map<string, ServiceModel | null>();

/**
 * A service's model (by its SigV4 signing name, which is also botocore's directory name for the five services
 * the simulator serves), or undefined when the models are not installed. Loaded once per process and data dir.
 */
export function loadServiceModel(service: string): ServiceModel | undefined {
  const dataDir = botocoreDataDir();
  const key = `${dataDir}\0${service}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const file = modelFile(service, dataDir);
  const model = file ? compileModel(service, file, JSON.parse(readFileSync(file, 'utf8')) as RawModel) : undefined;
  cache.set(key, model ?? null);
  return model;
}
