/**
 * A guest order's link, to bookmark or copy: without an account it is the
 * only way back to the order, so the page says so plainly and offers a
 * copy button (with the text selectable for browsers that refuse it).
 */
import { useId, useState } from 'react';
import { orderLinkPath } from './guest-order-links.ts';

export function OrderLinkBox({ token, justPlaced }: { token: string; justPlaced: boolean }) {
  const [copied, setCopied] = useState<'yes' | 'refused' | null>(null);
  const inputId = useId();
  const url = `${window.location.origin}${orderLinkPath(token)}`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('refused');
    }
  };

  return (
    <div className={`card order-link${justPlaced ? ' emphasis' : ''}`}>
      <label htmlFor={inputId}>
        <strong>Your order's link</strong>
      </label>
      <p className="hint" id={`${inputId}-hint`}>
        Bookmark this page or copy its link: it is how you see this order, and cancel it while it is pending, without an
        account. Anyone with the link can see the order, so share it only with people you trust. This device also lists
        it under Your orders.
      </p>
      <div className="order-link-copy">
        <input
          id={inputId}
          readOnly
          value={url}
          aria-describedby={`${inputId}-hint`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes'
          ? 'Link copied.'
          : copied === 'refused'
            ? 'Copying was refused: select the link and copy it.'
            : ''}
      </p>
    </div>
  );
}
