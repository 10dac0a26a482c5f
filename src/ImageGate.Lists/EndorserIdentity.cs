namespace ImageGate.Lists;

/// <summary>Who endorses the images of a published list.</summary>
/// <param name="Name">A person or team name (HEPiX <c>dc:creator</c>).</param>
/// <param name="Email">A contact address (HEPiX <c>hv:email</c>).</param>
/// <param name="Dn">The X.509 subject in OpenSSL slash form (HEPiX <c>hv:dn</c>).</param>
/// <param name="Ca">The X.509 issuer in OpenSSL slash form (HEPiX <c>hv:ca</c>).</param>
/// <param name="Identity">The signing identity (workflow or e-mail) sites verify the list against.</param>
public sealed record EndorserIdentity(string? Name, string? Email, string? Dn, string? Ca, string? Identity);
