-- Orders placed before pricing: their total was the sum of their lines, so subtotal = total and
-- nothing was discounted, shipped for a price or taxed.
CREATE TABLE `discount_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`min_subtotal_cents` integer DEFAULT 0 NOT NULL,
	`starts_at` text,
	`ends_at` text,
	`usage_limit` integer,
	`used_count` integer DEFAULT 0 NOT NULL,
	`per_customer_limit` integer,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "discount_codes_kind_valid" CHECK(kind IN ('percent', 'fixed')),
	CONSTRAINT "discount_codes_value_valid" CHECK(("discount_codes"."kind" = 'percent' AND "discount_codes"."value" BETWEEN 1 AND 100) OR ("discount_codes"."kind" = 'fixed' AND "discount_codes"."value" BETWEEN 1 AND 100000000)),
	CONSTRAINT "discount_codes_used_within_limit" CHECK("discount_codes"."used_count" >= 0 AND ("discount_codes"."usage_limit" IS NULL OR "discount_codes"."used_count" <= "discount_codes"."usage_limit")),
	CONSTRAINT "discount_codes_per_customer_valid" CHECK("discount_codes"."per_customer_limit" IS NULL OR "discount_codes"."per_customer_limit" >= 1),
	CONSTRAINT "discount_codes_dates_valid" CHECK("discount_codes"."starts_at" IS NULL OR "discount_codes"."ends_at" IS NULL OR "discount_codes"."starts_at" < "discount_codes"."ends_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discount_codes_code_unique` ON `discount_codes` (lower("code"));--> statement-breakpoint
CREATE TABLE `discount_redemptions` (
	`id` integer PRIMARY KEY NOT NULL,
	`discount_code_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`redeemer_key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`discount_code_id`) REFERENCES `discount_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discount_redemptions_order_unique` ON `discount_redemptions` (`order_id`);--> statement-breakpoint
CREATE INDEX `discount_redemptions_code_redeemer_idx` ON `discount_redemptions` (`discount_code_id`,`redeemer_key`);--> statement-breakpoint
CREATE TABLE `shipping_methods` (
	`id` integer PRIMARY KEY NOT NULL,
	`zone_id` integer NOT NULL,
	`name` text NOT NULL,
	`price_cents` integer NOT NULL,
	`free_above_cents` integer,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`zone_id`) REFERENCES `shipping_zones`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipping_methods_price_valid" CHECK("shipping_methods"."price_cents" BETWEEN 0 AND 100000000),
	CONSTRAINT "shipping_methods_free_above_valid" CHECK("shipping_methods"."free_above_cents" IS NULL OR "shipping_methods"."free_above_cents" >= 0)
);
--> statement-breakpoint
CREATE INDEX `shipping_methods_zone_idx` ON `shipping_methods` (`zone_id`);--> statement-breakpoint
CREATE TABLE `shipping_zone_countries` (
	`id` integer PRIMARY KEY NOT NULL,
	`zone_id` integer NOT NULL,
	`country` text NOT NULL,
	FOREIGN KEY (`zone_id`) REFERENCES `shipping_zones`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shipping_zone_countries_country_valid" CHECK("shipping_zone_countries"."country" GLOB '[A-Z][A-Z]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipping_zone_countries_country_unique` ON `shipping_zone_countries` (`country`);--> statement-breakpoint
CREATE INDEX `shipping_zone_countries_zone_idx` ON `shipping_zone_countries` (`zone_id`);--> statement-breakpoint
CREATE TABLE `shipping_zones` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tax_rates` (
	`id` integer PRIMARY KEY NOT NULL,
	`country` text NOT NULL,
	`category_id` integer,
	`name` text NOT NULL,
	`rate_bps` integer NOT NULL,
	`applies_to_shipping` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tax_rates_country_valid" CHECK("tax_rates"."country" GLOB '[A-Z][A-Z]'),
	CONSTRAINT "tax_rates_rate_valid" CHECK("tax_rates"."rate_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "tax_rates_shipping_default_only" CHECK("tax_rates"."category_id" IS NULL OR "tax_rates"."applies_to_shipping" = 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tax_rates_country_default_unique` ON `tax_rates` (`country`) WHERE "tax_rates"."category_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `tax_rates_country_category_unique` ON `tax_rates` (`country`,`category_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_order_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`tax_rate_bps` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	`product_id` integer NOT NULL,
	`product_name` text NOT NULL,
	`sku` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_items_quantity_positive" CHECK("__new_order_items"."quantity" > 0),
	CONSTRAINT "order_items_quantity_limit" CHECK("__new_order_items"."quantity" <= 999),
	CONSTRAINT "order_items_amounts_valid" CHECK("__new_order_items"."discount_cents" BETWEEN 0 AND "__new_order_items"."quantity" * "__new_order_items"."unit_price_cents" AND "__new_order_items"."tax_rate_bps" BETWEEN 0 AND 10000 AND "__new_order_items"."tax_cents" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_order_items`("id", "order_id", "variant_id", "quantity", "unit_price_cents", "discount_cents", "tax_rate_bps", "tax_cents", "product_id", "product_name", "sku", "options") SELECT "id", "order_id", "variant_id", "quantity", "unit_price_cents", 0, 0, 0, "product_id", "product_name", "sku", "options" FROM `order_items`;--> statement-breakpoint
DROP TABLE `order_items`;--> statement-breakpoint
ALTER TABLE `__new_order_items` RENAME TO `order_items`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `order_items_order_variant_unique` ON `order_items` (`order_id`,`variant_id`);--> statement-breakpoint
CREATE TABLE `__new_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_key` text NOT NULL,
	`user_id` integer,
	`guest_email` text,
	`access_token_hash` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`subtotal_cents` integer DEFAULT 0 NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`shipping_cents` integer DEFAULT 0 NOT NULL,
	`tax_cents` integer DEFAULT 0 NOT NULL,
	`shipping_tax_cents` integer DEFAULT 0 NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`prices_include_tax` integer DEFAULT false NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`shipping_method_id` integer,
	`shipping_method_name` text,
	`discount_code_id` integer,
	`discount_code` text,
	`line_count` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`ship_name` text,
	`ship_line1` text,
	`ship_line2` text,
	`ship_city` text,
	`ship_region` text,
	`ship_postal_code` text,
	`ship_country` text,
	`ship_phone` text,
	`updated_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipping_method_id`) REFERENCES `shipping_methods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`discount_code_id`) REFERENCES `discount_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_status_valid" CHECK(status IN ('pending', 'processing', 'shipped', 'delivered', 'cancelled')),
	CONSTRAINT "orders_line_count_valid" CHECK("__new_orders"."line_count" BETWEEN 1 AND 100),
	CONSTRAINT "orders_total_non_negative" CHECK("__new_orders"."total_cents" >= 0),
	CONSTRAINT "orders_amounts_valid" CHECK("__new_orders"."subtotal_cents" BETWEEN 0 AND 1000000000 AND "__new_orders"."discount_cents" BETWEEN 0 AND "__new_orders"."subtotal_cents" AND "__new_orders"."shipping_cents" >= 0
        AND "__new_orders"."tax_cents" >= 0 AND "__new_orders"."shipping_tax_cents" BETWEEN 0 AND "__new_orders"."tax_cents"
        AND "__new_orders"."total_cents" = "__new_orders"."subtotal_cents" - "__new_orders"."discount_cents" + "__new_orders"."shipping_cents"
          + CASE WHEN "__new_orders"."prices_include_tax" THEN 0 ELSE "__new_orders"."tax_cents" END),
	CONSTRAINT "orders_owner_valid" CHECK(("__new_orders"."user_id" IS NOT NULL AND "__new_orders"."owner_key" = 'user:' || "__new_orders"."user_id" AND "__new_orders"."guest_email" IS NULL)
        OR ("__new_orders"."user_id" IS NULL AND "__new_orders"."owner_key" LIKE 'guest:%' AND "__new_orders"."guest_email" IS NOT NULL AND "__new_orders"."access_token_hash" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_orders`("id", "owner_key", "user_id", "guest_email", "access_token_hash", "status", "subtotal_cents", "discount_cents", "shipping_cents", "tax_cents", "shipping_tax_cents", "total_cents", "prices_include_tax", "currency", "shipping_method_id", "shipping_method_name", "discount_code_id", "discount_code", "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at") SELECT "id", "owner_key", "user_id", "guest_email", "access_token_hash", "status", "total_cents", 0, 0, 0, 0, "total_cents", 0, 'USD', NULL, NULL, NULL, NULL, "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_owner_idempotency_unique` ON `orders` (`owner_key`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token_hash`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);