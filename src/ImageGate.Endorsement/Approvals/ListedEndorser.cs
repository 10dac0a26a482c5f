namespace ImageGate.Endorsement.Approvals;

/// <summary>One endorser the list repository names in <c>.imagegate/endorsers.json</c>.</summary>
/// <param name="Login">The GitHub login whose pull-request approvals count.</param>
/// <param name="Name">The person's name.</param>
/// <param name="Email">Their e-mail, when given.</param>
/// <param name="Dn">Their X.509 DN, when given.</param>
public sealed record ListedEndorser(string Login, string Name, string? Email = null, string? Dn = null);
