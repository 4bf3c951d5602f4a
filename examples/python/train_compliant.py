"""The same script with customer-managed keys, isolation and a VPC: sagemaker-lint reports nothing."""
import boto3
import sagemaker
from sagemaker.network import NetworkConfig
from sagemaker.processing import ScriptProcessor
from sagemaker.pytorch import PyTorch

KMS_KEY = "arn:aws:kms:us-east-1:123456789012:alias/ml-team"
SUBNETS = ["subnet-0abc", "subnet-0def"]
SECURITY_GROUPS = ["sg-0123"]

session = sagemaker.Session(boto_session=boto3.Session(region_name="us-east-1"))
role = sagemaker.get_execution_role()

# NVMe instance storage is hardware-encrypted: no volume key on p4d.
estimator = PyTorch(
    entry_point="train.py",
    role=role,
    framework_version="2.1",
    py_version="py310",
    instance_type="ml.p4d.24xlarge",
    instance_count=2,
    output_kms_key=KMS_KEY,
    enable_network_isolation=True,
    encrypt_inter_container_traffic=True,
    subnets=SUBNETS,
    security_group_ids=SECURITY_GROUPS,
    sagemaker_session=session,
)
estimator.fit("s3://my-bucket/training-data")

processor = ScriptProcessor(
    role=role,
    image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/preprocess:latest",
    command=["python3"],
    instance_type="ml.m5.xlarge",
    instance_count=1,
    volume_kms_key=KMS_KEY,
    output_kms_key=KMS_KEY,
    network_config=NetworkConfig(
        enable_network_isolation=True,
        encrypt_inter_container_traffic=True,
        subnets=SUBNETS,
        security_group_ids=SECURITY_GROUPS,
    ),
)

predictor = estimator.deploy(initial_instance_count=1, instance_type="ml.m5.xlarge", kms_key=KMS_KEY)
