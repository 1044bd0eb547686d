// Where a service's output goes: the plan's awslogs settings write it here, and the log reader reads it from here.

/** The one container of every task; ECS names it in events and logs. */
export const CONTAINER_NAME = "app";
/** Where the awslogs driver writes the app's output: this group, in streams `app/app/<task id>`. */
export const logGroupOf = (name: string) => `/bulkhead/${name}`;
export const LOG_STREAM_PREFIX = `app/${CONTAINER_NAME}/`;
