/**
 * Helpers for the browser tests: Chromium (see chromium.ts) driven by playwright-core
 * with a fresh profile, screenshots of the pages, and a typed API client for
 * building each test's own data quickly.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { createStoreClient } from '../../client/src/store-client.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';
import { UI_TIMEOUT_MS } from './ui-timeout.ts';

export const SCREENSHOT_DIR = 'test-results/screenshots';

export const baseUrl = () => inject('storefrontUrl');
export const admin = () => inject('storefrontAdmin');

export type Browser = { context: BrowserContext; close: () => Promise<void> };

/** One Chromium with a throwaway profile; close() removes the profile too. */
async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'stockroom-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: await chromiumExecutable(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab on the shop, signed out, with nothing left from earlier tests. */
async function freshPage(browser: Browser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${baseUrl()}/`);
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.reload();
  return page;
}

/**
 * One Chromium for the calling test file: launched before its tests and closed
 * (profile and all) after them. Answers the way to open a fresh page in it.
 */
export function browserPerFile(): () => Promise<Page> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => freshPage(browser as Browser);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export function api(token?: string) {
  return createStoreClient({ url: `${baseUrl()}/trpc`, token });
}

export type Api = ReturnType<typeof api>;

type Session = { token: string; user: { id: number; email: string; name: string; role: 'customer' | 'admin' } };

let adminSignIn: Promise<Session> | undefined;

/**
 * The admin's session, signed in once per test file. The files share one
 * client address, and sign-in is limited per address and per account (30
 * and 10 a minute, wrangler.toml), a limit meant for people, not for a suite.
 */
export function adminSession(): Promise<Session> {
  adminSignIn ??= api().auth.signIn.mutate(admin());
  return adminSignIn;
}

/** An admin's API client, for tests whose subject is not what the admin does. */
export async function adminApi(): Promise<Api> {
  return api((await adminSession()).token);
}

type ApiCheckout = {
  shipTo: { address: TestAddress };
  paymentMethod?: 'bank_transfer' | 'cash_on_delivery';
  discountCode?: string;
  /** A guest's email (the client then has no bearer token, but a cart token). */
  email?: string;
};

/**
 * Places the client's cart as the storefront does: the cheapest shipping
 * method to the address's country, at the total checkout.quote gives.
 */
export async function checkoutViaApi(client: Api, { shipTo, paymentMethod, discountCode, email }: ApiCheckout) {
  const country = shipTo.address.country;
  const [method] = await client.shipping.methods.query({ country });
  if (!method) throw new Error(`No shipping method serves ${country}`);
  const quote = await client.checkout.quote.query({
    destination: { country },
    shippingMethodId: method.id,
    discountCode,
    email,
  });
  return client.checkout.place.mutate({
    idempotencyKey: crypto.randomUUID(),
    shipTo,
    email,
    shippingMethodId: method.id,
    discountCode,
    paymentMethod,
    expectedTotalCents: quote.totalCents ?? 0,
  });
}

let counter = 0;
export function uniqueEmail(prefix = 'shopper'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export const PASSWORD = 'correct horse battery';

/** A customer made through the API, for tests whose subject is not sign-up. */
export async function apiCustomer(name = 'Browser Customer') {
  const email = uniqueEmail();
  const session = await api().auth.signUp.mutate({ email, password: PASSWORD, name });
  return { ...session, email, password: PASSWORD, api: api(session.token) };
}

/** The id of a seeded product, looked up by its exact name. */
export async function productId(name: string): Promise<number> {
  const { items } = await api().catalog.products.query({ search: name, limit: 10 });
  const product = items.find((item) => item.name === name);
  if (!product) throw new Error(`No seeded product named ${name}`);
  return product.id;
}

type CategoryNode = { id: number; slug: string; children: CategoryNode[] };

/** The id of a seeded category, by its slug. */
export async function categoryId(slug: string): Promise<number> {
  const all = (nodes: CategoryNode[]): CategoryNode[] => nodes.flatMap((node) => [node, ...all(node.children)]);
  const category = all(await api().catalog.categories.query()).find((node) => node.slug === slug);
  if (!category) throw new Error(`No seeded category ${slug}`);
  return category.id;
}

/**
 * The id of a seeded variant: the product by its exact name, the variant by
 * its options ({} for a product without options, which has one variant).
 */
export async function variantId(name: string, options: Record<string, string> = {}): Promise<number> {
  const product = await api().catalog.product.query({ id: await productId(name) });
  const wanted = JSON.stringify(Object.entries(options).sort());
  const variant = product.variants.find(
    (candidate) => JSON.stringify(Object.entries(candidate.options).sort()) === wanted,
  );
  if (!variant) throw new Error(`${name} has no variant ${wanted}`);
  return variant.id;
}

/** A product card in the grid, by the product's exact name. */
export const productCard = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

/** A row of an order list (the customer's or the admin's), by order id. */
export const orderRow = (scope: Page | Locator, id: number) =>
  scope.locator('li.order-row', { hasText: new RegExp(`Order #${id}(?!\\d)`) });

export async function timelineStatuses(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Status timeline' }).locator('li strong').allTextContents();
}

/** A shipping address as the checkout form and the API take it (country: an ISO code). */
export type TestAddress = {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
};

export const HOME_ADDRESS: TestAddress = {
  name: 'Ada Lovelace',
  line1: '12 Byron Road',
  line2: '',
  city: 'Berlin',
  region: '',
  postalCode: '10115',
  country: 'DE',
  phone: '+49 30 1234567',
};

/** Types an address into the address inputs inside `scope` (the checkout form, or an address book form). */
export async function fillAddress(scope: Page | Locator, address: TestAddress): Promise<void> {
  await scope.getByLabel('Full name', { exact: true }).fill(address.name);
  await scope.getByLabel('Address line 1', { exact: true }).fill(address.line1);
  await scope.getByLabel('Address line 2 (optional)', { exact: true }).fill(address.line2);
  await scope.getByLabel('City', { exact: true }).fill(address.city);
  await scope.getByLabel('State, province or region (optional)', { exact: true }).fill(address.region);
  await scope.getByLabel('Postal code', { exact: true }).fill(address.postalCode);
  await scope.getByLabel('Country', { exact: true }).selectOption(address.country);
  await scope.getByLabel('Phone (optional)', { exact: true }).fill(address.phone);
}

/** From the cart page to the checkout form. */
export async function goToCheckout(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Checkout', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
  await page.getByRole('button', { name: 'Place order', exact: true }).waitFor();
}

/** The checkout's price, once it is the one for the choices on screen (not updating). */
export async function checkoutTotal(page: Page): Promise<string> {
  await page.locator('.checkout-summary:not([aria-busy])').getByTestId('checkout-total').waitFor();
  return (await page.getByTestId('checkout-total').textContent()) ?? '';
}

/** A row of a price breakdown (the checkout's or an order's) by its label, e.g. "Discount (SAVE5)". */
export const breakdownRow = (page: Page, label: string | RegExp) =>
  page.getByRole('table', { name: 'Price breakdown' }).getByRole('row', { name: label });

/** The lines of an order's page. */
export const orderItemsTable = (page: Page) => page.getByRole('table', { name: /^Items in order/ });

/** The "Ship to" part of an order's page. */
export const shipToSection = (page: Page) => page.getByRole('region', { name: 'Ship to' });

/** The "Payment" part of an order's page: method, status, amounts, refunds, bank details. */
export const paymentSection = (page: Page) => page.getByRole('region', { name: 'Payment', exact: true });

/** Where an order stands (order, payment, delivery), at the top of its page. */
export const statusBadges = (page: Page) => page.getByRole('list', { name: 'Where the order stands' });

export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

/**
 * Opens the shop signed in with a session made through the API, as the page
 * keeps one after signing in (client/src/session-storage.ts), for tests whose
 * subject is not the sign-in form; it spares the sign-in limits.
 */
export async function signInWithSession(page: Page, session: Session): Promise<void> {
  const stored = JSON.stringify({ token: session.token, user: session.user });
  await page.evaluate((value) => localStorage.setItem('stockroom.session', value), stored);
  await page.goto(`${baseUrl()}/`);
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

export async function signOutThroughUi(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
}
