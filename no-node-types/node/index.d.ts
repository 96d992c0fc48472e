// Stands in for @types/node in the projects without Node: src/shared, src,
// client and test/workers. @libsql/core's declarations start with
// `/// <reference types="node" />`, which would put Node's globals (process,
// Buffer) and modules (node:fs) into them; their tsconfig's typeRoots point
// here, and TypeScript looks there first.
//
// drizzle-zod's types still test columns against Buffer (for blobs), and an
// unknown name would match every column. So Buffer exists as a type of bytes,
// but not as a value: code there cannot call Buffer.from.
type Buffer = Uint8Array;
