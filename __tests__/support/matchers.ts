// Types for the cdktf Jest matchers (toHaveResource…) in every test; setup.js registers them at run time.
import "cdktf/lib/testing/adapters/jest";
