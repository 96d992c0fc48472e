import { z } from 'zod';

export const emailSchema = z.email().max(254).trim().toLowerCase();

export const signUpInput = z.object({
  email: emailSchema,
  password: z.string().min(8, 'Password must be at least 8 characters').max(256),
  name: z.string().trim().min(1, 'Name is required').max(100),
});

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required').max(256),
});

export type SignUpInput = z.infer<typeof signUpInput>;
export type SignInInput = z.infer<typeof signInInput>;
