"""A training and deployment script as data scientists write it: sagemaker-lint flags every gap."""
import boto3
import sagemaker
from sagemaker.processing import ScriptProcessor
from sagemaker.pytorch import PyTorch

session = sagemaker.Session(boto_session=boto3.Session(region_name="us-east-1"))
role = sagemaker.get_execution_role()

# p4d has NVMe instance storage: AWS rejects a volume KMS key here (SML004).
estimator = PyTorch(
    entry_point="train.py",
    role=role,
    framework_version="2.1",
    py_version="py310",
    instance_type="ml.p4d.24xlarge",
    instance_count=2,
    volume_kms_key="alias/ml-team",
    output_kms_key="alias/aws/s3",
    sagemaker_session=session,
)
estimator.fit("s3://my-bucket/training-data")

# No output key, no network isolation, no VPC.
processor = ScriptProcessor(
    role=role,
    image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/preprocess:latest",
    command=["python3"],
    instance_type="ml.m5.xlarge",
    instance_count=1,
)

# The endpoint volume is not encrypted with a customer-managed key.
predictor = estimator.deploy(initial_instance_count=1, instance_type="ml.m5.xlarge")
