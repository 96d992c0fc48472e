/**
 * The orders this device placed (or opened) without an account, kept in
 * localStorage: a guest order's link is its only key, and a guest who did
 * not bookmark it finds it here again. Newest first, at most MAX_KEPT.
 */
import { useSyncExternalStore } from 'react';

export type GuestOrderLink = { token: string; orderId: number; placedAt: string; totalCents: number };

const KEY = 'stockroom.guest-orders';
const MAX_KEPT = 20;

/** The path of a guest order's page; the token is the whole key, so the path is the link. */
export const orderLinkPath = (token: string) => `/orders/link/${encodeURIComponent(token)}`;

const listeners = new Set<() => void>();
let cached: { raw: string | null; links: GuestOrderLink[] } = { raw: null, links: [] };

function read(): GuestOrderLink[] {
  const raw = localStorage.getItem(KEY);
  if (raw !== cached.raw) {
    let links: GuestOrderLink[] = [];
    try {
      links = raw ? (JSON.parse(raw) as GuestOrderLink[]) : [];
    } catch {
      // A damaged entry is no reason to break the page; it is replaced on the next write.
    }
    cached = { raw, links: Array.isArray(links) ? links : [] };
  }
  return cached.links;
}

function write(links: GuestOrderLink[]): void {
  localStorage.setItem(KEY, JSON.stringify(links.slice(0, MAX_KEPT)));
  for (const listener of listeners) listener();
}

/** Keeps a link: a new one goes first, one already kept stays in its place. */
export function rememberGuestOrder(link: GuestOrderLink): void {
  const links = read();
  const kept = links.find((known) => known.token === link.token);
  if (kept && JSON.stringify(kept) === JSON.stringify(link)) return;
  write(kept ? links.map((known) => (known === kept ? link : known)) : [link, ...links]);
}

export function forgetGuestOrder(token: string): void {
  write(read().filter((kept) => kept.token !== token));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab's checkout shows up here too.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** This device's guest order links, re-rendering when one is added or forgotten. */
export function useGuestOrderLinks(): GuestOrderLink[] {
  return useSyncExternalStore(subscribe, read);
}
