/** An error the emulator answers with: HTTP status, `Code` and `Message` (error catalogue of the rules file). */
export type ApiError = { status: number; code: string; message: string };

/** Builds an {@link ApiError}. */
export function apiError(status: number, code: string, message: string): ApiError {
  return { status, code, message };
}

/** An outcome that is an error (a function of its own: closures made per request cost in the hot path). */
export function failed(error: ApiError): { ok: false; error: ApiError } {
  return { ok: false, error };
}

/** RQ-4, AU-5, GEN-1: `MissingParameter` naming the parameter as the platform does. */
export function missingParameter(name: string): ApiError {
  return apiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** `InvalidParameter`: a parameter present but not acceptable, naming it as the platform does. */
export function invalidParameter(name: string): ApiError {
  return apiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);
}

/** ID-3, ID-4, ID-5, ID-6: the documented rejection of an `InstanceIds` value. */
export const invalidInstanceIds: ApiError = apiError(
  400,
  'InvalidInstanceIds.ValueNotSupported',
  'The specified parameter InstanceIds is not valid.',
);
