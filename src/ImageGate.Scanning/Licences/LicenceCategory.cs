namespace ImageGate.Scanning.Licences;

/// <summary>How much a licence asks of whoever redistributes the software (docs/policy.md has the table). The first six
/// are Trivy's (Google's licence classification); <see cref="LicenseRef"/> and <see cref="Unknown"/> are ImageGate's own.</summary>
public enum LicenceCategory
{
    /// <summary>Public domain or equivalent: nothing is asked (CC0-1.0, Unlicense, 0BSD).</summary>
    Unencumbered,

    /// <summary>Permissive without a notice requirement.</summary>
    Permissive,

    /// <summary>Permissive with a notice to keep (MIT, BSD, Apache-2.0, ISC, Zlib …).</summary>
    Notice,

    /// <summary>Weak copyleft: changes to the covered files must be shared (MPL, EPL, CDDL …).</summary>
    Reciprocal,

    /// <summary>Strong copyleft: source must be offered with binaries (GPL, LGPL, CC-BY-SA …).</summary>
    Restricted,

    /// <summary>A licence reference the SPDX list does not define (<c>LicenseRef-…</c>): needs a person to read it.</summary>
    LicenseRef,

    /// <summary>No licence recorded, or an id no table knows.</summary>
    Unknown,

    /// <summary>Terms Trivy's table forbids (AGPL, CC-BY-NC, Commons Clause, WTFPL …).</summary>
    Forbidden,
}
