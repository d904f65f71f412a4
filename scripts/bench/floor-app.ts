// The floor for `npm run bench`: the same runner and cdktf, one stack with one resource.
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";

const app = new App();
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
new S3Bucket(stack, "bucket", { bucket: "floor-bench-bucket" });
app.synth();
