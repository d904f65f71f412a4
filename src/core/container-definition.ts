/**
 * The subset of the ECS container definition shape this platform writes. Task
 * definitions carry `jsonDocument([...])` of these (`jsonencode`); strings are Terraform
 * string text (literals from config escaped with `terraformLiteral`). The checker and the
 * tests read the synthesized document back without Terraform (`parseJsonString`).
 */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly command?: string[];
  readonly user?: string;
  /** Hard memory limit of this container, MiB. */
  readonly memory?: number;
  readonly portMappings?: { containerPort: number; protocol: "tcp" | "udp"; name?: string }[];
  readonly healthCheck?: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  readonly environment?: { name: string; value: string }[];
  readonly secrets?: { name: string; valueFrom: string }[];
  readonly readonlyRootFilesystem: boolean;
  readonly privileged: boolean;
  readonly mountPoints?: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  readonly linuxParameters?: { initProcessEnabled?: boolean };
  readonly dependsOn?: { containerName: string; condition: "START" | "COMPLETE" | "SUCCESS" | "HEALTHY" }[];
  readonly logConfiguration: { logDriver: "awslogs"; options: Record<string, string> };
}

/** Where a container's stdout/stderr go. */
export interface AwsLogsTarget {
  readonly logGroupName: string;
  readonly region: string;
  /** Streams are `<prefix>/<container>/<task id>`. */
  readonly streamPrefix: string;
}

/**
 * The awslogs driver settings every container uses. Non-blocking mode with a
 * buffer: a CloudWatch Logs slowdown must not stall the application's stdout.
 */
export function awsLogs(target: AwsLogsTarget): ContainerDefinition["logConfiguration"] {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": target.logGroupName,
      "awslogs-region": target.region,
      "awslogs-stream-prefix": target.streamPrefix,
      mode: "non-blocking",
      "max-buffer-size": "25m",
    },
  };
}
