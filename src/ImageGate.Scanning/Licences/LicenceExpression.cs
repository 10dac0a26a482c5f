namespace ImageGate.Scanning.Licences;

/// <summary>A parsed SPDX licence expression: a <see cref="LicenceTerm"/>, or <see cref="LicenceAnd"/> / <see cref="LicenceOr"/> of two.</summary>
public abstract record LicenceExpression
{
    /// <summary>Every licence term in the expression, left to right.</summary>
    public abstract IEnumerable<LicenceTerm> Terms { get; }
}
