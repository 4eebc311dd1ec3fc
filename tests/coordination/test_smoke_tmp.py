import pytest
from world import build_world

pytestmark = pytest.mark.django_db


def test_smoke(client):
    w = build_world()
    client.force_login(w.users["coordinator"])
    urls = ["/dispositifs/", f"/dispositifs/{w.this.pk}/", f"/dispositifs/{w.this.pk}/modifier/",
            "/dispositifs/nouveau/", f"/dispositifs/{w.this.pk}/partenaires/nouveau/",
            f"/dispositifs/{w.this.pk}/financements/nouveau/", f"/dispositifs/{w.this.pk}/liens/nouveau/",
            f"/dispositifs/{w.this.pk}/roles/", f"/instances/{w.this_body.pk}/", f"/reunions/{w.this_meeting.pk}/",
            "/decisions/a-suivre/", "/mon-agenda/", "/mon-agenda.ics", f"/dispositifs/{w.this.pk}/agenda/",
            f"/dispositifs/{w.this.pk}/agenda.ics", "/agendas/abonnements/", "/structures/",
            f"/structures/{w.structure.pk}/", "/articulation/", "/articulation/epci/246200364/",
            "/articulation/epci/246200364/export.xlsx", "/articulation/epci/246200364/export.geojson",
            "/articulation/epci/246200364/export.csv?tableau=moyens", f"/dispositifs/{w.this.pk}/export.xlsx",
            f"/dispositifs/{w.this.pk}/export.json", f"/reunions/{w.this_meeting.pk}/decisions/nouvelle/",
            f"/dispositifs/{w.this.pk}/reunions/nouvelle/", f"/dispositifs/{w.this.pk}/instances/nouvelle/",
            f"/historique/coordination.dispositif/{w.this.pk}/"]
    bad = []
    for url in urls:
        r = client.get(url)
        if r.status_code != 200:
            bad.append((url, r.status_code))
    assert not bad
