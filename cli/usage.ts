/** A mistake in how the command was called: reported with exit status 2 and no stack trace. */
export class UsageError extends Error {}
