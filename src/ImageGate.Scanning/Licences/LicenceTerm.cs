namespace ImageGate.Scanning.Licences;

/// <summary>One licence of an SPDX expression.</summary>
/// <param name="Id">The licence id as written (<c>GPL-2.0-or-later</c>, <c>LicenseRef-Foo</c>), without a trailing <c>+</c>.</param>
/// <param name="OrLater">True when written with <c>+</c>.</param>
/// <param name="Exception">The <c>WITH</c> exception, when there is one.</param>
public sealed record LicenceTerm(string Id, bool OrLater = false, string? Exception = null) : LicenceExpression
{
    /// <inheritdoc />
    public override IEnumerable<LicenceTerm> Terms => [this];

    /// <inheritdoc />
    public override string ToString() => Id + (OrLater ? "+" : "") + (Exception is null ? "" : $" WITH {Exception}");
}
