// The sample article shipped with every new project (assets/sample/icmec-csto-meeting.txt,
// byte-exact; a test checks the two agree). Inlined so every bundle carries it.
import type { ArticleInput } from '../core/model';

export const SAMPLE_ARTICLE: ArticleInput = {
  title: 'XVIII meeting of the ICMEC CSTO',
  source: 'Trend / Kabar',
  publishedAt: '2020-11-27',
  language: 'en',
  externalId: 'icmec-csto-meeting',
  metadata: {},
  text: "The XVIII meeting of the Interstate Commission on Military-Economic Cooperation of the Collective Security Treaty Organization (ICMEC CSTO) was held on Nov. 27, the press service of the State Defense Committee of the Kyrgyz Republic reported, Trend reports citing Kabar.\n\nThis event was held in the format of video conferencing under the chairmanship of Vice Prime Minister of Russia, Chairman of the ICMEC CSTO Yuri Borisov.\n\nRepresentatives of the State Committee for Defense Affairs, the Ministry of Foreign Affairs, the State Service for Intellectual Property and Innovation under the Government of the Kyrgyz Republic, the State Border Service headed by Chairman of the State Committee for Industry, Energy and Subsoil Use of the Kyrgyz Republic, Jyrgalbek Sagynbaev, took part in the meeting.\n\nThe agenda of the meeting included consideration of the implementation of the decisions of the previous meeting of the Commission and determination of the tasks of states for the coming period.\n\nThe issues of strengthening the military-economic cooperation of the CSTO member states were considered, the solution of which will give a positive impetus to the development of enterprises of the military-industrial complex.\n\nThey also discussed issues of joint research and development work within the Organization, measures taken to diversify the products of national enterprises and organizations of the CSTO military-industrial complex, and also noted the need to complete the formation of national bodies (centers) for cataloging supplies of the armed forces of the CSTO member states.\n\nIn addition, the meeting participants discussed the draft Plan for 2021, which provides for the holding of the military-industrial exhibition \"Definex\" in Bishkek in October next year.\n\nIt is expected that the results of this event will contribute to the development of cooperation in the military-economic and military-technical areas, as well as the activities of military-industrial complex enterprises of the CSTO member states.",
};
