/**
 * Sign-in and sign-up share one form: fields checked with the server's own
 * schemas before sending, server errors shown beside the fields they concern.
 * A guest's cart token goes along (the store client sends it while no one is
 * signed in), so the server moves the guest's cart into the account's; the
 * shopper is told what moved and what did not.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { signInInput, signUpInput } from '../../../../src/shared/fields.ts';
import { queryClient, serverFieldErrors, trpc } from '../../api.ts';
import { readCartToken } from '../../cart-token-storage.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import type { Outputs } from '../../types.ts';
import { ErrorNotice, Field, type FieldErrors, formValues, validate } from '../../ui.tsx';
import { describeCartMerge, setCartMergeNotice } from '../cart/cart-merge.ts';

type SignedIn = Outputs['auth']['signIn'];
type Cart = Outputs['cart']['get'];

/** The guest's cart as it stands before signing in, to name the lines the merge changed; null without one. */
async function guestCartBeforeSignIn(): Promise<Cart | null> {
  if (!readCartToken()) return null;
  return queryClient.ensureQueryData(trpc.cart.get.queryOptions()).catch(() => null);
}

/** Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function AuthForm({ mode }: { mode: 'signIn' | 'signUp' }) {
  const { signIn } = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [readingCart, setReadingCart] = useState(false);
  const signInMutation = useMutation(trpc.auth.signIn.mutationOptions());
  const signUpMutation = useMutation(trpc.auth.signUp.mutationOptions());
  const mutation = mode === 'signIn' ? signInMutation : signUpMutation;
  const title = mode === 'signIn' ? 'Sign in' : 'Sign up';
  const busy = readingCart || mutation.isPending;

  const finish = ({ cartMerge, ...session }: SignedIn, guestCart: Cart | null) => {
    signIn(session);
    setCartMergeNotice(cartMerge && describeCartMerge(cartMerge, guestCart));
    navigate(next, { replace: true });
  };

  /** Checks the fields (showing their messages) and answers the call that sends them, or null when one is refused. */
  const prepare = (values: Record<string, string>) => {
    type Send = (onSuccess: (answer: SignedIn) => void) => void;
    if (mode === 'signIn') {
      const result = validate(signInInput, values);
      setErrors(result.ok ? {} : result.errors);
      return result.ok ? (((onSuccess) => signInMutation.mutate(result.data, { onSuccess })) satisfies Send) : null;
    }
    const result = validate(signUpInput, values);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? (((onSuccess) => signUpMutation.mutate(result.data, { onSuccess })) satisfies Send) : null;
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const send = prepare(formValues(event.currentTarget));
    if (!send) return;
    setReadingCart(true);
    const guestCart = await guestCartBeforeSignIn();
    setReadingCart(false);
    send((answer) => finish(answer, guestCart));
  };

  const fieldErrors = { ...serverFieldErrors(mutation.error), ...errors };
  const otherHref = `${mode === 'signIn' ? '/signup' : '/signin'}${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;

  return (
    <section aria-labelledby="auth-title" className="auth narrow">
      <h1 id="auth-title">{title}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate className="card form">
        {mode === 'signUp' && <Field label="Name" name="name" autoComplete="name" error={fieldErrors.name} />}
        <Field label="Email" name="email" type="email" autoComplete="email" error={fieldErrors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === 'signIn' ? 'current-password' : 'new-password'}
          error={fieldErrors.password}
        />
        {mutation.error && Object.keys(serverFieldErrors(mutation.error)).length === 0 && (
          <ErrorNotice error={mutation.error} />
        )}
        <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
          {title}
        </button>
      </form>
      <p>
        {mode === 'signIn' ? 'New here? ' : 'Already have an account? '}
        <Link to={otherHref}>{mode === 'signIn' ? 'Create an account' : 'Sign in instead'}</Link>
      </p>
    </section>
  );
}
