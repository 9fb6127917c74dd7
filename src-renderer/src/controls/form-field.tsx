import type { ReactNode } from 'react';

interface FormFieldProps {
  label: string;
  /** The id of the control inside, so the label and the error point at it. */
  htmlFor: string;
  error: string | undefined;
  hint?: ReactNode;
  /** The control is a group of inputs (labelled by `${htmlFor}-label`), not one labelable element. */
  group?: boolean;
  children: ReactNode;
}

/** A labelled control with its hint and, when the last check failed, the reason under it. */
export function FormField({ label, htmlFor, error, hint, group = false, children }: FormFieldProps) {
  return (
    <div className={`form-field${error === undefined ? '' : ' form-field-invalid'}`}>
      {group ? (
        <span className="form-label" id={`${htmlFor}-label`}>
          {label}
        </span>
      ) : (
        <label htmlFor={htmlFor}>{label}</label>
      )}
      {children}
      {hint !== undefined && error === undefined && <p className="form-hint muted">{hint}</p>}
      {error !== undefined && (
        <p className="control-error form-field-error" id={`${htmlFor}-error`} data-testid={`${htmlFor}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** aria props that tie a control to its FormField's error. */
export function invalidProps(id: string, error: string | undefined): { 'aria-invalid': boolean; 'aria-describedby'?: string } {
  return error === undefined ? { 'aria-invalid': false } : { 'aria-invalid': true, 'aria-describedby': `${id}-error` };
}
