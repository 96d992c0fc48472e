/**
 * Sign-in and sign-up share one form: fields checked with the server's own
 * schemas before sending, server errors shown beside the fields they concern.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { signInInput, signUpInput } from '../../../../src/shared/fields.ts';
import { serverFieldErrors, trpc } from '../../api.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { ErrorNotice, Field, type FieldErrors, formValues, validate } from '../../ui.tsx';

/** Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function AuthForm({ mode }: { mode: 'signIn' | 'signUp' }) {
  const { signIn } = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSuccess = (session: Parameters<typeof signIn>[0]) => {
    signIn(session);
    navigate(next, { replace: true });
  };
  const signInMutation = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess }));
  const signUpMutation = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess }));
  const mutation = mode === 'signIn' ? signInMutation : signUpMutation;
  const title = mode === 'signIn' ? 'Sign in' : 'Sign up';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    if (mode === 'signIn') {
      const result = validate(signInInput, values);
      setErrors(result.ok ? {} : result.errors);
      if (result.ok) signInMutation.mutate(result.data);
    } else {
      const result = validate(signUpInput, values);
      setErrors(result.ok ? {} : result.errors);
      if (result.ok) signUpMutation.mutate(result.data);
    }
  };

  const fieldErrors = { ...serverFieldErrors(mutation.error), ...errors };
  const otherHref = `${mode === 'signIn' ? '/signup' : '/signin'}${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;

  return (
    <section aria-labelledby="auth-title" className="auth narrow">
      <h1 id="auth-title">{title}</h1>
      <form onSubmit={submit} noValidate className="card form">
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
        <button
          type="submit"
          className="primary"
          disabled={mutation.isPending}
          aria-busy={mutation.isPending || undefined}
        >
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
