namespace ImageGate.Testing.Images.Damage;

/// <summary>One entry of <see cref="DamagedImageCorpus"/>.</summary>
/// <param name="Name">The case's name (unique in the corpus).</param>
/// <param name="Base">The healthy base image it starts from (a name for <see cref="DamageBases"/>'s indexer).</param>
/// <param name="Damage">Damages a copy of the base, given its path (and the bases, to locate structures in them).</param>
public sealed record DamagedImageCase(string Name, string Base, Action<string, DamageBases> Damage);
