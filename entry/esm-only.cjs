// What `require('crashsim')` (any entry) loads: crashsim is ES modules only, and this says so in
// one line instead of Node's ERR_PACKAGE_PATH_NOT_EXPORTED or ERR_REQUIRE_ESM.
'use strict';

const error = new Error(
  "crashsim is an ES module package and cannot be require()d: from CommonJS load it with `const { SimFs } = await import('crashsim/sim')` (likewise 'crashsim', 'crashsim/scenarios', 'crashsim/vitest', 'crashsim/fast-check'), or make your file an ES module (.mjs, or \"type\": \"module\" in package.json)",
);
error.code = 'ERR_CRASHSIM_ESM_ONLY';
throw error;
