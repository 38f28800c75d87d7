/** A command failed for a reason the user can act on: printed as one line, exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}
