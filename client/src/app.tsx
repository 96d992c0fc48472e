/** The page frame (header, navigation, search) and the route table. */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, Fragment, type ReactNode, useEffect, useRef } from 'react';
import { SEARCH_MAX_LENGTH } from '../../src/shared/limits.ts';
import { trpc } from './api.ts';
import { AddressBookPage } from './features/addresses/address-book-page.tsx';
import { AdminOrdersPage } from './features/admin/admin-orders-page.tsx';
import { DiscountsPage } from './features/admin/discounts/discounts-page.tsx';
import { InventoryPage } from './features/admin/inventory-page.tsx';
import { AdminOrderPage } from './features/admin/order/admin-order-page.tsx';
import { ProductVariantsPage } from './features/admin/product-variants-page.tsx';
import { ReportsPage } from './features/admin/reports-page.tsx';
import { ShippingPage } from './features/admin/shipping/shipping-page.tsx';
import { TaxesPage } from './features/admin/taxes/taxes-page.tsx';
import { VariantStockPage } from './features/admin/variant-stock-page.tsx';
import { AuthForm } from './features/auth/auth-form.tsx';
import { CartMergeNotice } from './features/cart/cart-merge-notice.tsx';
import { CartPage } from './features/cart/cart-page.tsx';
import { filtersFromQuery } from './features/catalog/catalog-filters.tsx';
import { CatalogPage } from './features/catalog/catalog-page.tsx';
import { ProductPage } from './features/catalog/product-page.tsx';
import { CheckoutPage } from './features/checkout/checkout-page.tsx';
import { useGuestOrderLinks } from './features/orders/guest-order-links.ts';
import { GuestOrdersPage } from './features/orders/guest-orders.tsx';
import { MyOrdersPage } from './features/orders/my-orders-page.tsx';
import { OrderLinkPage } from './features/orders/order-link-page.tsx';
import { OrderPage } from './features/orders/order-page.tsx';
import { Link, matchPath, navigate, useLocation } from './router.tsx';
import { useSession } from './session.tsx';
import { StoreSettingsGate } from './store-settings.tsx';

function CartLink() {
  const cart = useQuery(trpc.cart.get.queryOptions());
  const count = cart.data?.items.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  return (
    <Link to="/cart" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
      Cart <span className="count">{count}</span>
    </Link>
  );
}

function SearchForm({ initial }: { initial: string }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    navigate(q ? `/?q=${encodeURIComponent(q)}` : '/');
  };
  return (
    <search className="search">
      <form onSubmit={submit}>
        <input
          key={initial}
          name="q"
          type="search"
          aria-label="Search products"
          defaultValue={initial}
          maxLength={SEARCH_MAX_LENGTH}
          placeholder="Search products"
        />
        <button type="submit">Search</button>
      </form>
    </search>
  );
}

function Header({ search }: { search: string }) {
  const { session, signOut } = useSession();
  const guestOrders = useGuestOrderLinks();
  const isAdmin = session?.user.role === 'admin';
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Stockroom
      </Link>
      <SearchForm initial={search} />
      <nav aria-label="Main" className="main-nav">
        <Link to="/">Shop</Link>
        <CartLink />
        {session ? (
          <Link to="/orders">My orders</Link>
        ) : (
          guestOrders.length > 0 && <Link to="/orders">Your orders</Link>
        )}
        {session && <Link to="/account/addresses">Addresses</Link>}
        {isAdmin && (
          <>
            <Link to="/admin/orders">Manage orders</Link>
            <Link to="/admin/inventory">Inventory</Link>
            <Link to="/admin/reports">Reports</Link>
            <Link to="/admin/shipping">Shipping</Link>
            <Link to="/admin/taxes">Taxes</Link>
            <Link to="/admin/discounts">Discounts</Link>
          </>
        )}
        {session ? (
          <>
            <span className="hint user-name">{session.user.name}</span>
            <button
              type="button"
              onClick={() => {
                signOut();
                navigate('/');
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <>
            <Link to="/signin">Sign in</Link>
            <Link to="/signup">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}

function Gate({ admin = false, children }: { admin?: boolean; children: ReactNode }) {
  const { session } = useSession();
  const { path } = useLocation();
  if (!session) {
    return (
      <p className="state">
        Please <Link to={`/signin?next=${encodeURIComponent(path)}`}>sign in</Link> to see this page.
      </p>
    );
  }
  if (admin && session.user.role !== 'admin') return <p className="state">This page is for store admins.</p>;
  return children;
}

/** A customer's orders; a guest's, as this device remembers their links. */
function OrdersPage() {
  const { session } = useSession();
  return session ? <MyOrdersPage /> : <GuestOrdersPage />;
}

type Access = 'anyone' | 'customer' | 'admin';
type Route = {
  pattern: string;
  access: Access;
  render: (params: Record<string, string>, query: URLSearchParams) => ReactNode;
};

const id = (params: Record<string, string>) => Number(params.id);
/** An id in the query, e.g. `?variant=12`; undefined when absent or not an id. */
const queryId = (query: URLSearchParams, name: string) => {
  const value = Number(query.get(name));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
};

const ROUTES: Route[] = [
  {
    pattern: '/',
    access: 'anyone',
    render: (_, query) => {
      const category = Number(query.get('category'));
      return (
        <CatalogPage
          categoryId={category > 0 ? category : undefined}
          search={query.get('q') ?? undefined}
          filters={filtersFromQuery(query)}
        />
      );
    },
  },
  {
    pattern: '/products/:id',
    access: 'anyone',
    render: (params, query) => <ProductPage id={id(params)} variantId={queryId(query, 'variant')} />,
  },
  { pattern: '/signin', access: 'anyone', render: () => <AuthForm mode="signIn" /> },
  { pattern: '/signup', access: 'anyone', render: () => <AuthForm mode="signUp" /> },
  { pattern: '/cart', access: 'anyone', render: () => <CartPage /> },
  { pattern: '/checkout', access: 'anyone', render: () => <CheckoutPage /> },
  { pattern: '/orders', access: 'anyone', render: () => <OrdersPage /> },
  {
    pattern: '/orders/link/:token',
    access: 'anyone',
    render: (params, query) => <OrderLinkPage token={params.token ?? ''} justPlaced={query.has('placed')} />,
  },
  {
    pattern: '/orders/:id',
    access: 'customer',
    render: (params, query) => <OrderPage id={id(params)} justPlaced={query.has('placed')} />,
  },
  { pattern: '/account/addresses', access: 'customer', render: () => <AddressBookPage /> },
  { pattern: '/admin/orders', access: 'admin', render: () => <AdminOrdersPage /> },
  { pattern: '/admin/orders/:id', access: 'admin', render: (params) => <AdminOrderPage id={id(params)} /> },
  { pattern: '/admin/inventory', access: 'admin', render: () => <InventoryPage /> },
  {
    pattern: '/admin/inventory/:id',
    access: 'admin',
    render: (params, query) => <VariantStockPage variantId={id(params)} productId={queryId(query, 'product')} />,
  },
  {
    pattern: '/admin/products/:id',
    access: 'admin',
    render: (params) => <ProductVariantsPage productId={id(params)} />,
  },
  { pattern: '/admin/reports', access: 'admin', render: () => <ReportsPage /> },
  { pattern: '/admin/shipping', access: 'admin', render: () => <ShippingPage /> },
  { pattern: '/admin/taxes', access: 'admin', render: () => <TaxesPage /> },
  { pattern: '/admin/discounts', access: 'admin', render: () => <DiscountsPage /> },
];

function Routes({ path, query }: { path: string; query: URLSearchParams }) {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    // Keyed by path, so moving from one order to another starts the page afresh.
    const page = <Fragment key={path}>{route.render(params, query)}</Fragment>;
    return route.access === 'anyone' ? page : <Gate admin={route.access === 'admin'}>{page}</Gate>;
  }
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at {path}. <Link to="/">Back to the shop</Link>
      </p>
    </section>
  );
}

export function App() {
  const { session } = useSession();
  const { path, query } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move focus to the new page as a full load would.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change by design
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [path]);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header search={query.get('q') ?? ''} />
      <main id="main" ref={main} tabIndex={-1}>
        {session && <CartMergeNotice />}
        <StoreSettingsGate>
          <Routes path={path} query={query} />
        </StoreSettingsGate>
      </main>
    </>
  );
}
