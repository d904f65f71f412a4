import { PriceTable } from "../price-table";
import { EU_WEST_1 } from "./eu-west-1";
import { US_EAST_1 } from "./us-east-1";

/** Every region with a price table. Add a region: a file beside these and one line here. */
export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = {
  [EU_WEST_1.region]: EU_WEST_1,
  [US_EAST_1.region]: US_EAST_1,
};

export { EU_WEST_1, US_EAST_1 };
