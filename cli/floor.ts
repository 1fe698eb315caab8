// The benchmark floor: a cdktf app with one AWS resource, built and synthesized like ours.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformStack } from 'cdktf';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out.floor', stackTraces: false });
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
new S3Bucket(stack, 'bucket', { bucket: 'floor-bucket' });
app.synth();
