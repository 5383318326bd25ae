// cdktf's Jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
const { Testing } = require('cdktf');
Testing.setupJest();

// cdktf records a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER, every frame formatted through Jest's
// source maps) for every token it creates, only to quote it if that token later fails to resolve. Tests create
// tens of thousands of tokens: skipping the capture makes a synthesizing spec ~3× faster (libs/stacks
// recovery-stacks.spec.ts: 8.9 s → 3.0 s) and changes no synthesized output; such an error then lacks the
// "created at" frames, and the failing test's own stack still points at the code.
require('cdktf/lib/tokens/private/stack-trace').captureStackTrace = () => [];
