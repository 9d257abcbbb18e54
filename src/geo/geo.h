/* geo: great-circle distances on a spherical Earth and the helpers the spatial index needs.
 *
 * The sphere has the IUGG mean radius R = 6371.0088 km (the same sphere PostGIS geography
 * uses for <-> and ST_DWithin(..., false)); the ellipsoid would change distances by up to
 * 0.5 %, which does not change which office is nearest in practice and is not worth the cost.
 * Distances are computed with the haversine formula, well conditioned for small distances
 * (acos of a dot product loses about 0.1 m near 0). For searching, points are 3-D unit
 * vectors: the chord |u - v| orders exactly like the great-circle distance, so no
 * trigonometry is needed inside a search; d = 2R asin(c / 2) converts the final chord. */
#ifndef PASSERELLE_GEO_H
#define PASSERELLE_GEO_H
#include <stdbool.h>

#define GEO_EARTH_RADIUS_KM 6371.0088

/* true when lat is in [-90, 90] and lon in [-180, 180] (finite). */
bool geo_valid(double lat, double lon);
/* Great-circle distance in km between two WGS 84 positions in degrees (haversine). */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);
/* The unit vector (cos lat cos lon, cos lat sin lon, sin lat) of a position in degrees. */
void geo_unit(double lat, double lon, double v[3]);
/* Squared chord between two unit vectors: dx*dx + dy*dy + dz*dz, in this order (the spatial
 * index uses the same expression, so a brute-force scan sees bit-identical values). */
double geo_chord2(const double a[3], const double b[3]);
/* Chord length <-> great-circle km. A distance of half the circumference or more gives the
 * diameter (2). */
double geo_chord_to_km(double chord);
double geo_km_to_chord(double km);
/* A latitude/longitude box containing every point within km of (lat, lon): for pre-filters
 * (e.g. an SQL range on lat, lon). Near a pole or when the circle reaches it, the box spans
 * every longitude (-180..180). */
struct geo_box {
	double min_lat, max_lat, min_lon, max_lon;
};
void geo_box_around(double lat, double lon, double km, struct geo_box *out);
/* true when (lat, lon) lies inside the box (lon ranges never wrap: Ontario is far from the
 * antimeridian, and the box of a wrapping circle spans every longitude). */
bool geo_box_contains(const struct geo_box *b, double lat, double lon);

#endif
