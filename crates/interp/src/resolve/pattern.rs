//! Patterns: `match` arms, `for` targets, `if val`, tuple unpacking.

use simple_syntax::ast::{self, PatternKind};
use simple_syntax::{Span, Symbol, known};

use super::Resolver;
use crate::ir::{Pat, Slot};
use crate::program::Name;
use crate::value::{TypeId, Value};

impl Resolver<'_> {
    /// Resolves a pattern, declaring the names it binds in the current scope
    /// (or as globals at the module's top level).
    pub(crate) fn pattern(&mut self, p: &ast::Pattern, mutable: bool) -> Pat {
        let mut bound = Vec::new();
        self.pattern_inner(p, mutable, &mut bound)
    }

    fn bind(&mut self, name: Symbol, mutable: bool, bound: &mut Vec<(Symbol, Slot)>) -> Slot {
        // Alternatives of an or-pattern bind the same names to the same slots.
        if let Some((_, slot)) = bound.iter().find(|(n, _)| *n == name) {
            return *slot;
        }
        let slot = self.declare(name, mutable);
        bound.push((name, slot));
        slot
    }

    fn pattern_inner(
        &mut self,
        p: &ast::Pattern,
        mutable: bool,
        bound: &mut Vec<(Symbol, Slot)>,
    ) -> Pat {
        match &p.kind {
            PatternKind::Wildcard => Pat::Wild,
            PatternKind::Bind(name) => {
                if *name == known::NONE {
                    return Pat::None;
                }
                if let Some(pat) = self.unit_variant_pattern(*name) {
                    return pat;
                }
                Pat::Bind(self.bind(*name, mutable, bound))
            }
            PatternKind::Int(i) => Pat::Lit(Value::Int(*i)),
            PatternKind::Float(f) => Pat::Lit(Value::Float(*f)),
            PatternKind::Str(s) => Pat::Lit(Value::text(s.as_str())),
            PatternKind::Bool(b) => Pat::Lit(Value::Bool(*b)),
            PatternKind::Nil => Pat::None,
            PatternKind::Range {
                start,
                end,
                inclusive,
            } => Pat::Range {
                start: *start,
                end: *end,
                inclusive: *inclusive,
            },
            PatternKind::Tuple(items) => Pat::Tuple(
                items
                    .iter()
                    .map(|i| self.pattern_inner(i, mutable, bound))
                    .collect(),
            ),
            PatternKind::Array(items) => {
                let mut pats = Vec::new();
                let mut rest = None;
                for item in items {
                    if let PatternKind::Rest(name) = &item.kind {
                        if rest.is_some() {
                            self.error(item.span, "only one `..` is allowed in an array pattern");
                            continue;
                        }
                        let slot = name.map(|n| self.bind(n, mutable, bound));
                        rest = Some((pats.len(), slot));
                    } else {
                        pats.push(self.pattern_inner(item, mutable, bound));
                    }
                }
                Pat::Array { items: pats, rest }
            }
            PatternKind::Rest(_) => {
                self.error(p.span, "`..` is only allowed inside an array pattern");
                Pat::Wild
            }
            PatternKind::Or(alts) => Pat::Or(
                alts.iter()
                    .map(|a| self.pattern_inner(a, mutable, bound))
                    .collect(),
            ),
            PatternKind::Variant { path, args } => {
                self.variant_pattern(path, args.as_deref(), p.span, mutable, bound)
            }
        }
    }

    /// A bare name that names a unit variant (`Empty`) matches that variant.
    fn unit_variant_pattern(&mut self, name: Symbol) -> Option<Pat> {
        // A local variable or module binding of that name is not a variant.
        let list = self.prog.variant_names.get(&name)?;
        let units: Vec<(TypeId, u32)> = list
            .iter()
            .copied()
            .filter(|(ty, v)| self.prog.types.get(*ty).variants[*v as usize].unit)
            .collect();
        match units.as_slice() {
            [] => None,
            [(ty, variant)] => Some(Pat::Variant {
                ty: *ty,
                variant: *variant,
                args: Vec::new(),
            }),
            _ => Some(Pat::VariantNamed { name, args: None }),
        }
    }

    fn variant_pattern(
        &mut self,
        path: &[Symbol],
        args: Option<&[ast::VariantArg]>,
        span: Span,
        mutable: bool,
        bound: &mut Vec<(Symbol, Slot)>,
    ) -> Pat {
        let last = *path.last().expect("a variant path has a segment");
        // `Option.Some(x)`, `Result.Err(e)`: the qualified spellings.
        if let [ty, _] = path
            && matches!(
                (ty.as_str(), last.as_str()),
                ("Option", "Some" | "None") | ("Result", "Ok" | "Err")
            )
            && self
                .type_by_path(&path[..1])
                .is_none_or(|_| ty.as_str() == "Result")
        {
            return self.variant_pattern(&path[1..], args, span, mutable, bound);
        }
        if path.len() == 1 {
            match last {
                known::SOME | known::OK | known::ERR => {
                    let inner = match args {
                        Some([one]) => self.pattern_inner(&one.pattern, mutable, bound),
                        None => Pat::Wild,
                        _ => {
                            self.error(span, format!("`{last}(...)` takes exactly one pattern"));
                            Pat::Wild
                        }
                    };
                    return match last {
                        known::SOME => Pat::Some(Box::new(inner)),
                        known::OK => Pat::Ok(Box::new(inner)),
                        _ => Pat::Err(Box::new(inner)),
                    };
                }
                known::NONE if args.is_none() => return Pat::None,
                _ => {}
            }
        }
        // Find the enum: qualified by a type (possibly through modules), or
        // by the variant name alone.
        let target = if path.len() >= 2 {
            match self.type_by_path(&path[..path.len() - 1]) {
                Some(ty) => match self.prog.types.get(ty).variant_index(last) {
                    Some(v) => Some((ty, v)),
                    None => {
                        let tname = self.prog.types.name(ty);
                        self.error(span, format!("`{tname}` has no variant `{last}`"));
                        return Pat::Wild;
                    }
                },
                None => {
                    let shown: Vec<&str> =
                        path[..path.len() - 1].iter().map(|s| s.as_str()).collect();
                    self.error(
                        span,
                        format!("unknown enum `{}` in pattern", shown.join(".")),
                    );
                    return Pat::Wild;
                }
            }
        } else {
            match self.prog.variant_names.get(&last).map(|l| l.as_slice()) {
                Some([(ty, v)]) => Some((*ty, *v)),
                Some(_) => None,
                None => {
                    self.error(span, format!("unknown variant `{last}` in pattern"));
                    return Pat::Wild;
                }
            }
        };
        let Some((ty, variant)) = target else {
            // Several enums share the name: match by name at run time.
            let args = args.map(|a| {
                a.iter()
                    .map(|arg| self.pattern_inner(&arg.pattern, mutable, bound))
                    .collect()
            });
            return Pat::VariantNamed { name: last, args };
        };
        let info = &self.prog.types.get(ty).variants[variant as usize];
        let field_names = info.fields.clone();
        let mut out: Vec<Option<Pat>> = field_names.iter().map(|_| None).collect();
        if let Some(args) = args {
            if args.len() > field_names.len() {
                self.error(
                    span,
                    format!(
                        "variant `{last}` has {} payload value(s), the pattern has {}",
                        field_names.len(),
                        args.len()
                    ),
                );
                return Pat::Wild;
            }
            for (i, arg) in args.iter().enumerate() {
                let index = match arg.name {
                    Some(name) => match field_names.iter().position(|f| *f == name) {
                        Some(idx) => idx,
                        None => {
                            self.error(
                                arg.pattern.span,
                                format!("variant `{last}` has no field `{name}`"),
                            );
                            continue;
                        }
                    },
                    None => i,
                };
                out[index] = Some(self.pattern_inner(&arg.pattern, mutable, bound));
            }
        }
        Pat::Variant {
            ty,
            variant,
            args: out,
        }
    }

    /// The type named by a path like `Shape` or `shapes.Shape`.
    fn type_by_path(&mut self, path: &[Symbol]) -> Option<TypeId> {
        let (first, rest) = path.split_first()?;
        let mut current = self.scope.get(*first)?;
        for seg in rest {
            let Name::Module(m) = current else {
                return None;
            };
            current = *self.prog.modules[m as usize].scope.names.get(seg)?;
        }
        match current {
            Name::Type(ty) => Some(ty),
            _ => None,
        }
    }
}
