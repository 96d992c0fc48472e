/**
 * Every limit and threshold Stockroom enforces, in one place. The server's
 * input schemas, the database CHECKs (src/db/schema.ts) and the storefront's
 * forms all read these, so a limit cannot differ between them.
 */

/** Lines in one order; a cart holds at most as many different products, so any cart can be ordered. */
export const MAX_ORDER_LINES = 100;
/** Units on one cart or order line. */
export const MAX_LINE_QUANTITY = 999;

/** Procedure calls in one batched tRPC request; the client splits larger batches. */
export const MAX_CALLS_PER_REQUEST = 10;

/** Rows per page of any list. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A product's price: $1,000,000.00 at most. */
export const MAX_PRICE_CENTS = 100_000_000;
/** Options a product may have (e.g. Size, Colour), values per option, and variants per product. */
export const MAX_OPTIONS = 3;
export const MAX_OPTION_VALUES = 30;
export const MAX_VARIANTS = 100;
export const OPTION_TEXT_MAX_LENGTH = 40;
/** A SKU: letters, digits and . _ - (what labels and warehouse systems accept). */
export const SKU = { maxLength: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ } as const;

/** Stock a new product may start with, and the size of one restock or adjustment. */
export const MAX_INITIAL_STOCK = 1_000_000;
export const MAX_STOCK_CHANGE = 1_000_000;

/** At or below this many units a product shows "only N left" and appears in the low-stock report. */
export const LOW_STOCK_THRESHOLD = 5;
/** The days of sales and the number of top products the reports show. */
export const REPORT_DAYS = 30;
export const TOP_PRODUCTS = 10;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
export const EMAIL_MAX_LENGTH = 254;
export const PERSON_NAME_MAX_LENGTH = 100;

/** One key per checkout attempt, chosen by the client (a UUID fits). */
export const IDEMPOTENCY_KEY = { minLength: 8, maxLength: 100, pattern: /^[\w.:-]+$/ } as const;

export const SEARCH_MAX_LENGTH = 100;
/** Words of a search that count; the rest are ignored, so one search stays one cheap full-text query. */
export const SEARCH_MAX_TERMS = 8;

/** One product image: 5 MB at most, and at most 10 images per product (a database guard, src/modules/catalog/image-batches.ts). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_PRODUCT = 10;
export const NOTE_MAX_LENGTH = 500;
export const ADJUST_REASON_MAX_LENGTH = 200;

/** Saved addresses per customer, and the length of an address's fields. */
export const MAX_ADDRESSES = 20;
export const ADDRESS_FIELD_MAX_LENGTH = 100;
export const POSTAL_CODE_MAX_LENGTH = 16;
export const PHONE_MAX_LENGTH = 32;

/**
 * One order's subtotal: $10,000,000.00 at most. It keeps every product in the
 * pricing arithmetic (discount share = discount × line / subtotal) inside
 * SQLite's 64-bit integers.
 */
export const MAX_ORDER_SUBTOTAL_CENTS = 1_000_000_000;
/** A discount code as shoppers type it. */
export const DISCOUNT_CODE = { maxLength: 40, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/ } as const;

/** A tax rate in basis points: 0 to 10,000 (100%). */
export const MAX_TAX_RATE_BPS = 10_000;
/** A percent discount in whole percent: 1 to 100. */
export const MAX_PERCENT_OFF = 100;
/** A discount code's usage limits, in all and per customer. */
export const MAX_CODE_USES = 1_000_000;

/** The names admins give things, and a category's slug. */
export const CATEGORY_NAME_MAX_LENGTH = 100;
export const SLUG_MAX_LENGTH = 100;
export const PRODUCT_NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5_000;
export const SHIPPING_NAME_MAX_LENGTH = 80;
export const TAX_RATE_NAME_MAX_LENGTH = 40;
/** A shipment's carrier and tracking number, as the admin types them. */
export const CARRIER_MAX_LENGTH = 100;
export const TRACKING_NUMBER_MAX_LENGTH = 100;
