/** The Anthropic SDK error a call rejects with (any other outcome fails the test). */
import Anthropic from '@anthropic-ai/sdk';

export async function apiError(p: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Anthropic.APIError) return e;
    throw e;
  }
  throw new Error('expected an API error');
}
