namespace ImageGate.Scanning.Licences;

/// <summary><c>Left AND Right</c>: both licences apply.</summary>
/// <param name="Left">The first operand.</param>
/// <param name="Right">The second operand.</param>
public sealed record LicenceAnd(LicenceExpression Left, LicenceExpression Right) : LicenceExpression
{
    /// <inheritdoc />
    public override IEnumerable<LicenceTerm> Terms => Left.Terms.Concat(Right.Terms);

    /// <inheritdoc />
    public override string ToString() => $"({Left} AND {Right})";
}
