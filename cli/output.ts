/** Where the CLI writes: stdout for results, stderr for progress and failures. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}
