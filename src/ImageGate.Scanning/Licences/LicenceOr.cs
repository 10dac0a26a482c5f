namespace ImageGate.Scanning.Licences;

/// <summary><c>Left OR Right</c>: the redistributor may choose either licence.</summary>
/// <param name="Left">The first operand.</param>
/// <param name="Right">The second operand.</param>
public sealed record LicenceOr(LicenceExpression Left, LicenceExpression Right) : LicenceExpression
{
    /// <inheritdoc />
    public override IEnumerable<LicenceTerm> Terms => Left.Terms.Concat(Right.Terms);

    /// <inheritdoc />
    public override string ToString() => $"({Left} OR {Right})";
}
