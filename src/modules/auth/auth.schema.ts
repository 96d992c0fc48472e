/** Auth inputs: the sign-up and sign-in forms' own schemas (src/shared/fields.ts), which the API uses as they are. */
import type { z } from 'zod';
import { signInInput, signUpInput } from '../../shared/fields.ts';

export { signInInput, signUpInput };

export type SignUpInput = z.infer<typeof signUpInput>;
export type SignInInput = z.infer<typeof signInInput>;
