namespace Benny.Runtime.Templates;

/// <summary>What kind of failure stopped a chat template while it was rendering.</summary>
public enum TemplateErrorKind
{
    /// <summary>
    /// The template gave up on purpose by calling <c>raise_exception(message)</c>, usually because the
    /// conversation breaks one of its rules (roles must alternate, no system message, ...). Python raises
    /// <c>jinja2.TemplateError</c> here.
    /// </summary>
    RaisedByTemplate,

    /// <summary>
    /// The template used an undefined value in a way Jinja2 does not allow: an attribute or item of an
    /// undefined value, arithmetic with it, or calling it. Python raises <c>jinja2.UndefinedError</c> here.
    /// </summary>
    UndefinedValue,

    /// <summary>
    /// Any other failure Python would raise while rendering: an operation on values of the wrong type
    /// (<c>TypeError</c>), a bad value (<c>ValueError</c>), division by zero, an operation the immutable
    /// sandbox forbids, a tuple that does not unpack, ...
    /// </summary>
    InvalidOperation,

    /// <summary>A resource limit of this renderer was reached (output size, call depth, range length).</summary>
    LimitExceeded,
}
