/** The notice after signing in with a guest cart: its items are in the account's cart now, and which ones changed. */
import { Link } from '../../router.tsx';
import { setCartMergeNotice, useCartMergeNotice } from './cart-merge.ts';

export function CartMergeNotice() {
  const notice = useCartMergeNotice();
  if (!notice) return null;
  const { moved, changes } = notice;
  const headline =
    moved === 0
      ? 'We could not add the items from before you signed in to your cart:'
      : `We added ${moved === 1 ? 'the item' : `the ${moved} items`} from before you signed in to your cart${changes.length > 0 ? ', with these changes:' : '.'}`;
  return (
    <div className={`notice cart-merge ${changes.length > 0 ? 'warning' : 'success'}`} role="status">
      <div>
        <p>{headline}</p>
        {changes.length > 0 && (
          <ul>
            {changes.map((change) => (
              <li key={change.variantId}>{change.text}</li>
            ))}
          </ul>
        )}
        <Link to="/cart" onClick={() => setCartMergeNotice(null)}>
          Review your cart
        </Link>
      </div>
      <button type="button" onClick={() => setCartMergeNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}
