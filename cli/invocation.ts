/**
 * How the person reading this CLI's output runs it where they are, for every hint and replay line
 * it prints: `npx crashsim` from the installed package (compiled JavaScript), `npm run sim --` in
 * crashsim's own repository (the TypeScript sources under tsx or vitest).
 */
export const CLI_COMMAND = import.meta.url.endsWith('.ts') ? 'npm run sim --' : 'npx crashsim';
