CREATE TABLE `fulfilment_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fulfilment_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'unfulfilled') OR (from_status = 'unfulfilled' AND to_status = 'shipped') OR (from_status = 'shipped' AND to_status = 'delivered'))
);
--> statement-breakpoint
CREATE INDEX `fulfilment_history_order_idx` ON `fulfilment_history` (`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `payment_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`payment_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_events_provider_event_unique` ON `payment_events` (`provider`,`event_id`);--> statement-breakpoint
CREATE TABLE `payment_status_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`payment_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`source` text NOT NULL,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payment_status_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'pending') OR (from_status = 'pending' AND to_status = 'authorized') OR (from_status = 'pending' AND to_status = 'captured') OR (from_status = 'pending' AND to_status = 'failed') OR (from_status = 'pending' AND to_status = 'expired') OR (from_status = 'pending' AND to_status = 'voided') OR (from_status = 'authorized' AND to_status = 'captured') OR (from_status = 'authorized' AND to_status = 'voided') OR (from_status = 'captured' AND to_status = 'partially_refunded') OR (from_status = 'captured' AND to_status = 'refunded') OR (from_status = 'partially_refunded' AND to_status = 'refunded') OR (from_status = 'failed' AND to_status = 'pending') OR (from_status = 'failed' AND to_status = 'captured') OR (from_status = 'expired' AND to_status = 'captured'))
);
--> statement-breakpoint
CREATE INDEX `payment_status_history_payment_idx` ON `payment_status_history` (`payment_id`,`id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`provider` text NOT NULL,
	`method` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`amount_cents` integer NOT NULL,
	`authorized_cents` integer DEFAULT 0 NOT NULL,
	`captured_cents` integer DEFAULT 0 NOT NULL,
	`refund_reserved_cents` integer DEFAULT 0 NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`reference` text,
	`session_id` text,
	`session_url` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_status_valid" CHECK(status IN ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'failed', 'voided', 'expired')),
	CONSTRAINT "payments_amounts_valid" CHECK("payments"."amount_cents" >= 0 AND "payments"."captured_cents" BETWEEN 0 AND "payments"."authorized_cents"
        AND "payments"."authorized_cents" BETWEEN 0 AND "payments"."amount_cents"
        AND "payments"."refunded_cents" BETWEEN 0 AND "payments"."refund_reserved_cents"
        AND "payments"."refund_reserved_cents" BETWEEN 0 AND "payments"."captured_cents"),
	CONSTRAINT "payments_captured_whole" CHECK(status NOT IN ('captured', 'partially_refunded', 'refunded') OR captured_cents = amount_cents)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_order_unique` ON `payments` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_session_unique` ON `payments` (`session_id`);--> statement-breakpoint
CREATE INDEX `payments_status_idx` ON `payments` (`status`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY NOT NULL,
	`payment_id` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`reference` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`actor_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "refunds_amount_positive" CHECK("refunds"."amount_cents" > 0),
	CONSTRAINT "refunds_status_valid" CHECK(status IN ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_idempotency_unique` ON `refunds` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `refunds_payment_idx` ON `refunds` (`payment_id`);--> statement-breakpoint
CREATE INDEX `refunds_status_idx` ON `refunds` (`status`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_inventory_movements` (
	`id` integer PRIMARY KEY NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity_change` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` integer,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "inventory_movements_change_non_zero" CHECK("__new_inventory_movements"."quantity_change" <> 0),
	CONSTRAINT "inventory_movements_reason_valid" CHECK(reason IN ('initial', 'sale', 'cancellation', 'restock', 'adjustment', 'expiry'))
);
--> statement-breakpoint
INSERT INTO `__new_inventory_movements`("id", "variant_id", "quantity_change", "reason", "order_id", "actor_id", "note", "created_at") SELECT "id", "variant_id", "quantity_change", "reason", "order_id", "actor_id", "note", "created_at" FROM `inventory_movements`;--> statement-breakpoint
DROP TABLE `inventory_movements`;--> statement-breakpoint
ALTER TABLE `__new_inventory_movements` RENAME TO `inventory_movements`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `inventory_movements_variant_idx` ON `inventory_movements` (`variant_id`,`id`);--> statement-breakpoint
CREATE INDEX `inventory_movements_order_idx` ON `inventory_movements` (`order_id`);--> statement-breakpoint
CREATE TABLE `__new_order_status_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_status_history_transition_valid" CHECK((from_status IS NULL AND to_status = 'pending') OR (from_status = 'pending' AND to_status = 'confirmed') OR (from_status = 'pending' AND to_status = 'cancelled') OR (from_status = 'pending' AND to_status = 'expired') OR (from_status = 'confirmed' AND to_status = 'completed') OR (from_status = 'confirmed' AND to_status = 'cancelled') OR (from_status = 'expired' AND to_status = 'confirmed'))
);
--> statement-breakpoint
-- Shipping and delivery move to the fulfilment history; processing is confirmed, delivered completed.
INSERT INTO `fulfilment_history` ("order_id", "from_status", "to_status", "actor_id", "note", "created_at")
  SELECT "order_id", CASE "to_status" WHEN 'shipped' THEN 'unfulfilled' ELSE 'shipped' END, "to_status", "actor_id", "note", "created_at"
  FROM `order_status_history` WHERE "to_status" IN ('shipped', 'delivered') ORDER BY "id";--> statement-breakpoint
INSERT INTO `__new_order_status_history`("id", "order_id", "from_status", "to_status", "actor_id", "note", "created_at")
  SELECT "id", "order_id",
    CASE "from_status" WHEN 'processing' THEN 'confirmed' WHEN 'shipped' THEN 'confirmed' ELSE "from_status" END,
    CASE "to_status" WHEN 'processing' THEN 'confirmed' WHEN 'delivered' THEN 'completed' ELSE "to_status" END,
    "actor_id", "note", "created_at"
  FROM `order_status_history` WHERE "to_status" <> 'shipped';--> statement-breakpoint
DROP TABLE `order_status_history`;--> statement-breakpoint
ALTER TABLE `__new_order_status_history` RENAME TO `order_status_history`;--> statement-breakpoint
CREATE INDEX `order_status_history_order_idx` ON `order_status_history` (`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `__new_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_key` text NOT NULL,
	`user_id` integer,
	`guest_email` text,
	`access_token_hash` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`fulfilment_status` text DEFAULT 'unfulfilled' NOT NULL,
	`hold_expires_at` text,
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
	CONSTRAINT "orders_status_valid" CHECK(status IN ('pending', 'confirmed', 'completed', 'cancelled', 'expired')),
	CONSTRAINT "orders_fulfilment_status_valid" CHECK(fulfilment_status IN ('unfulfilled', 'shipped', 'delivered')),
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
INSERT INTO `__new_orders`("id", "owner_key", "user_id", "guest_email", "access_token_hash", "status", "fulfilment_status", "hold_expires_at", "subtotal_cents", "discount_cents", "shipping_cents", "tax_cents", "shipping_tax_cents", "total_cents", "prices_include_tax", "currency", "shipping_method_id", "shipping_method_name", "discount_code_id", "discount_code", "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at") SELECT "id", "owner_key", "user_id", "guest_email", "access_token_hash",
  CASE "status" WHEN 'processing' THEN 'confirmed' WHEN 'shipped' THEN 'confirmed' WHEN 'delivered' THEN 'completed' ELSE "status" END,
  CASE "status" WHEN 'shipped' THEN 'shipped' WHEN 'delivered' THEN 'delivered' ELSE 'unfulfilled' END,
  NULL, "subtotal_cents", "discount_cents", "shipping_cents", "tax_cents", "shipping_tax_cents", "total_cents", "prices_include_tax", "currency", "shipping_method_id", "shipping_method_name", "discount_code_id", "discount_code", "line_count", "idempotency_key", "request_hash", "ship_name", "ship_line1", "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "ship_phone", "updated_by", "created_at", "updated_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_owner_idempotency_unique` ON `orders` (`owner_key`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token_hash`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE INDEX `orders_hold_idx` ON `orders` (`status`,`hold_expires_at`);--> statement-breakpoint
-- Every order gets its payment. Before payments, an order an admin moved on was paid outside Stockroom:
-- recorded as captured by the manual provider; a pending one waits; a cancelled one never was.
INSERT INTO `payments` ("order_id", "provider", "method", "status", "amount_cents", "authorized_cents", "captured_cents", "reference")
  SELECT "id", 'manual', 'bank_transfer',
    CASE "status" WHEN 'pending' THEN 'pending' WHEN 'cancelled' THEN 'voided' ELSE 'captured' END,
    "total_cents",
    CASE WHEN "status" IN ('confirmed', 'completed') THEN "total_cents" ELSE 0 END,
    CASE WHEN "status" IN ('confirmed', 'completed') THEN "total_cents" ELSE 0 END,
    CASE WHEN "status" IN ('confirmed', 'completed') THEN 'paid before payments were recorded' END
  FROM `orders` ORDER BY "id";--> statement-breakpoint
INSERT INTO `payment_status_history` ("payment_id", "from_status", "to_status", "source", "note")
  SELECT "id", NULL, 'pending', 'migration', NULL FROM `payments` ORDER BY "id";--> statement-breakpoint
INSERT INTO `payment_status_history` ("payment_id", "from_status", "to_status", "source", "note")
  SELECT "id", 'pending', "status", 'migration', 'before payments were recorded' FROM `payments` WHERE "status" <> 'pending' ORDER BY "id";
