-- 0006: numeric OMS order numbers (order.OrderNumbers): the CWORDEROUT
-- order_id that a payment-only message sends back as rdc_order_nbr. The
-- unique index refuses a second order under one number; NULL is allowed for
-- orders a host stores without a number.
ALTER TABLE omskit_order ADD COLUMN oms_number BIGINT NULL;
CREATE UNIQUE INDEX omskit_order_oms_number ON omskit_order (oms_number);
INSERT INTO omskit_sequence (name, value) VALUES ('order', 0);
