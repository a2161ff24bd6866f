<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>consent</name>
    <message>
        <source>We keep your details on this hub&apos;s computer so we can help you get involved in local groups and activities. We only share your details with the groups you join, and only if you agree below. You can ask to see, correct or delete your details at any time, and you can change your mind about any of these choices whenever you like.</source>
        <translation>Rydym yn cadw eich manylion ar gyfrifiadur yr hwb hwn er mwyn i ni allu eich helpu i gymryd rhan mewn grwpiau a gweithgareddau lleol. Dim ond gyda’r grwpiau rydych chi’n ymuno â nhw y byddwn yn rhannu eich manylion, a dim ond os byddwch chi’n cytuno isod. Gallwch ofyn i weld eich manylion, i’w cywiro neu i’w dileu ar unrhyw adeg, a gallwch newid eich meddwl am unrhyw un o’r dewisiadau hyn pryd bynnag y dymunwch.</translation>
    </message>
    <message>
        <source>Email me</source>
        <translation>Anfon e-bost ataf</translation>
    </message>
    <message>
        <source>The hub may email me about groups, meetings and opportunities I have shown interest in.</source>
        <translation>Caiff yr hwb anfon e-bost ataf am grwpiau, cyfarfodydd a chyfleoedd y dangosais ddiddordeb ynddynt.</translation>
    </message>
    <message>
        <source>Phone or text me</source>
        <translation>Fy ffonio neu anfon neges destun ataf</translation>
    </message>
    <message>
        <source>The hub may phone or text me about groups, meetings and opportunities.</source>
        <translation>Caiff yr hwb fy ffonio neu anfon neges destun ataf am grwpiau, cyfarfodydd a chyfleoedd.</translation>
    </message>
    <message>
        <source>Share my details with groups I join</source>
        <translation>Rhannu fy manylion â’r grwpiau rwy’n ymuno â nhw</translation>
    </message>
    <message>
        <source>The hub may give my name and contact details to the organisers of groups I join.</source>
        <translation>Caiff yr hwb roi fy enw a’m manylion cyswllt i drefnwyr y grwpiau rwy’n ymuno â nhw.</translation>
    </message>
    <message>
        <source>Send me the newsletter</source>
        <translation>Anfon y cylchlythyr ataf</translation>
    </message>
    <message>
        <source>The hub may send me its newsletter about local news and events.</source>
        <translation>Caiff yr hwb anfon ei gylchlythyr ataf, sy’n sôn am newyddion a digwyddiadau lleol.</translation>
    </message>
    <message>
        <source>Photographs</source>
        <translation>Ffotograffau</translation>
    </message>
    <message>
        <source>Photographs of me taken at hub events may be used in the hub&apos;s publicity.</source>
        <translation>Caiff ffotograffau ohonof a dynnir mewn digwyddiadau’r hwb eu defnyddio yng nghyhoeddusrwydd yr hwb.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>“%1” is not a valid UK phone number. It has too few digits. Phone numbers look like 07700 900123 or 01550 720123.</source>
        <translation>Nid yw “%1” yn rhif ffôn dilys yn y DU. Does dim digon o ddigidau ynddo. Mae rhifau ffôn yn edrych fel 07700 900123 neu 01550 720123.</translation>
    </message>
    <message>
        <source>“%1” is not a valid UK phone number. Phone numbers look like 07700 900123 or 01550 720123.</source>
        <translation>Nid yw “%1” yn rhif ffôn dilys yn y DU. Mae rhifau ffôn yn edrych fel 07700 900123 neu 01550 720123.</translation>
    </message>
    <message>
        <source>“%1” is not a phone number. Phone numbers look like 07700 900123 or 01550 720123.</source>
        <translation>Nid yw “%1” yn rhif ffôn. Mae rhifau ffôn yn edrych fel 07700 900123 neu 01550 720123.</translation>
    </message>
    <message>
        <source>“%1” is not an email address. Email addresses look like name@example.com.</source>
        <translation>Nid yw “%1” yn gyfeiriad e-bost. Mae cyfeiriadau e-bost yn edrych fel enw@example.com.</translation>
    </message>
    <message>
        <source>“%1” is not a UK postcode. Postcodes look like SA19 6AB.</source>
        <translation>Nid yw “%1” yn god post yn y DU. Mae codau post yn edrych fel SA19 6AB.</translation>
    </message>
    <message>
        <source>First name is needed.</source>
        <translation>Mae angen enw cyntaf.</translation>
    </message>
    <message>
        <source>First name is too long (at most 120 characters).</source>
        <translation>Mae’r enw cyntaf yn rhy hir (120 nod ar y mwyaf).</translation>
    </message>
    <message>
        <source>First name has “%1”, which is not a letter. Names may use any letters, spaces, hyphens and apostrophes.</source>
        <translation>Mae “%1” yn yr enw cyntaf, ac nid yw’n llythyren. Gall enwau gynnwys unrhyw lythrennau, bylchau, cysylltnodau a chollnodau.</translation>
    </message>
    <message>
        <source>First name needs at least one letter.</source>
        <translation>Mae angen o leiaf un llythyren yn yr enw cyntaf.</translation>
    </message>
    <message>
        <source>Last name is too long (at most 120 characters).</source>
        <translation>Mae’r cyfenw yn rhy hir (120 nod ar y mwyaf).</translation>
    </message>
    <message>
        <source>Last name has “%1”, which is not a letter. Names may use any letters, spaces, hyphens and apostrophes.</source>
        <translation>Mae “%1” yn y cyfenw, ac nid yw’n llythyren. Gall enwau gynnwys unrhyw lythrennau, bylchau, cysylltnodau a chollnodau.</translation>
    </message>
    <message>
        <source>Last name needs at least one letter.</source>
        <translation>Mae angen o leiaf un llythyren yn y cyfenw.</translation>
    </message>
    <message>
        <source>Your name is needed.</source>
        <translation>Mae angen eich enw.</translation>
    </message>
    <message>
        <source>Your name is too long (at most 120 characters).</source>
        <translation>Mae eich enw yn rhy hir (120 nod ar y mwyaf).</translation>
    </message>
    <message>
        <source>Your name has “%1”, which is not a letter. Names may use any letters, spaces, hyphens and apostrophes.</source>
        <translation>Mae “%1” yn eich enw, ac nid yw’n llythyren. Gall enwau gynnwys unrhyw lythrennau, bylchau, cysylltnodau a chollnodau.</translation>
    </message>
    <message>
        <source>Your name needs at least one letter.</source>
        <translation>Mae angen o leiaf un llythyren yn eich enw.</translation>
    </message>
    <message>
        <source>Give at least one way to reach them: email, phone, postcode or address.</source>
        <translation>Rhowch o leiaf un ffordd o gysylltu: e-bost, ffôn, cod post neu gyfeiriad.</translation>
    </message>
    <message>
        <source>Choose English or Cymraeg.</source>
        <translation>Dewiswch Saesneg neu Gymraeg.</translation>
    </message>
    <message>
        <source>The consent choices could not be recorded.</source>
        <translation>Nid oedd modd cofnodi’r dewisiadau caniatâd.</translation>
    </message>
    <message>
        <source>Give an email address or a phone number, so the organiser can reach you.</source>
        <translation>Rhowch gyfeiriad e-bost neu rif ffôn, er mwyn i’r trefnydd allu cysylltu â chi.</translation>
    </message>
    <message>
        <source>That user name and password or PIN do not match.</source>
        <translation>Nid yw’r enw defnyddiwr a’r cyfrinair neu’r PIN yn cyfateb.</translation>
    </message>
    <message>
        <source>Too many wrong attempts. Wait a minute, then try again.</source>
        <translation>Gormod o ymdrechion anghywir. Arhoswch funud, yna rhowch gynnig arall arni.</translation>
    </message>
    <message>
        <source>This account cannot leave kiosk mode. Ask the hub&apos;s staff.</source>
        <translation>Ni all y cyfrif hwn adael modd ciosg. Gofynnwch i staff yr hwb.</translation>
    </message>
</context>
<context>
    <name>feedback</name>
    <message>
        <source>Friendly welcome</source>
        <translation>Croeso cyfeillgar</translation>
    </message>
    <message>
        <source>Helpful staff</source>
        <translation>Staff cymwynasgar</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>Oriau agor</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Mynediad</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>Gweithgareddau</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Gwybodaeth</translation>
    </message>
    <message>
        <source>Clean and tidy</source>
        <translation>Glân a thaclus</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>Amser aros</translation>
    </message>
</context>
<context>
    <name>kiosk</name>
    <message>
        <source>Start again</source>
        <translation>Dechrau eto</translation>
    </message>
    <message>
        <source>Clears everything on this screen and goes back to the start</source>
        <translation>Yn clirio popeth ar y sgrin hon ac yn mynd yn ôl i’r dechrau</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Cyferbyniad uchel</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Testun mwy</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Cofrestru</translation>
    </message>
    <message>
        <source>We will find you by the details you gave when you joined.</source>
        <translation>Byddwn yn dod o hyd i chi drwy’r manylion a roesoch pan wnaethoch ymuno.</translation>
    </message>
    <message>
        <source>Your email address or phone number</source>
        <translation>Eich cyfeiriad e-bost neu’ch rhif ffôn</translation>
    </message>
    <message>
        <source>One more thing, to be sure it is you</source>
        <translation>Un peth arall, i sicrhau mai chi sydd yma</translation>
    </message>
    <message>
        <source>Your date of birth, or your membership number if you prefer.</source>
        <translation>Eich dyddiad geni, neu’ch rhif aelodaeth os yw’n well gennych.</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Dyddiad geni</translation>
    </message>
    <message>
        <source>Membership number</source>
        <translation>Rhif aelodaeth</translation>
    </message>
    <message>
        <source>Date of birth or membership number</source>
        <translation>Dyddiad geni neu rif aelodaeth</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Diwrnod</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mis</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Blwyddyn</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Yn ôl</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nesaf</translation>
    </message>
    <message>
        <source>Find me</source>
        <translation>Dod o hyd i mi</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>There is nothing to check in to here today.</source>
        <translation>Does dim i gofrestru ar ei gyfer yma heddiw.</translation>
    </message>
    <message>
        <source>Please type your email address or phone number.</source>
        <translation>Teipiwch eich cyfeiriad e-bost neu’ch rhif ffôn.</translation>
    </message>
    <message>
        <source>Please give the day, month and year, like 14 3 1962.</source>
        <translation>Rhowch y diwrnod, y mis a’r flwyddyn, fel 14 3 1962.</translation>
    </message>
    <message>
        <source>Please give your date of birth or your membership number.</source>
        <translation>Rhowch eich dyddiad geni neu’ch rhif aelodaeth.</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Helo, %1</translation>
    </message>
    <message>
        <source>Touch a meeting or event to check in to it.</source>
        <translation>Cyffyrddwch â chyfarfod neu ddigwyddiad i gofrestru ar ei gyfer.</translation>
    </message>
    <message>
        <source>We could not find you with those details. Check them, or ask at the desk.</source>
        <translation>Ni allem ddod o hyd i chi gyda’r manylion hynny. Gwiriwch nhw, neu gofynnwch wrth y ddesg.</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Wedi cofrestru</translation>
    </message>
    <message>
        <source>Sorry, that did not work. Please ask at the desk.</source>
        <translation>Mae’n ddrwg gennym, ni weithiodd hynny. Gofynnwch wrth y ddesg.</translation>
    </message>
    <message>
        <source>Very bad</source>
        <translation>Gwael iawn</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Gwael</translation>
    </message>
    <message>
        <source>All right</source>
        <translation>Gweddol</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Da</translation>
    </message>
    <message>
        <source>Very good</source>
        <translation>Da iawn</translation>
    </message>
    <message>
        <source>This hub</source>
        <translation>Yr hwb hwn</translation>
    </message>
    <message>
        <source>A group</source>
        <translation>Grŵp</translation>
    </message>
    <message>
        <source>A public body, like the council</source>
        <translation>Corff cyhoeddus, fel y cyngor</translation>
    </message>
    <message>
        <source>A business</source>
        <translation>Busnes</translation>
    </message>
    <message>
        <source>A charity or voluntary body</source>
        <translation>Elusen neu gorff gwirfoddol</translation>
    </message>
    <message>
        <source>Your comment (optional)</source>
        <translation>Eich sylw (dewisol)</translation>
    </message>
    <message>
        <source>Your comment</source>
        <translation>Eich sylw</translation>
    </message>
    <message>
        <source>Please leave out names, phone numbers and email addresses.</source>
        <translation>Peidiwch â chynnwys enwau, rhifau ffôn na chyfeiriadau e-bost.</translation>
    </message>
    <message>
        <source>There are none listed here yet. Go back to choose something else.</source>
        <translation>Does dim wedi’u rhestru yma eto. Ewch yn ôl i ddewis rhywbeth arall.</translation>
    </message>
    <message>
        <source>Thank you for telling us. We read everything people say.</source>
        <translation>Diolch am ddweud wrthym. Rydym yn darllen popeth mae pobl yn ei ddweud.</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Anfon</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Yn ôl i’r dechrau</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Diolch</translation>
    </message>
    <message>
        <source>How was %1?</source>
        <translation>Sut oedd %1?</translation>
    </message>
    <message>
        <source>How was it?</source>
        <translation>Sut oedd hi?</translation>
    </message>
    <message>
        <source>What would you like to tell us about?</source>
        <translation>Am beth hoffech chi ddweud wrthym?</translation>
    </message>
    <message>
        <source>You do not need to give your name.</source>
        <translation>Does dim angen i chi roi eich enw.</translation>
    </message>
    <message>
        <source>Which one?</source>
        <translation>Pa un?</translation>
    </message>
    <message>
        <source>What was it mostly about?</source>
        <translation>Am beth oedd hyn yn bennaf?</translation>
    </message>
    <message>
        <source>Touch one if you like, or just press Next.</source>
        <translation>Cyffyrddwch ag un os hoffech chi, neu pwyswch Nesaf.</translation>
    </message>
    <message>
        <source>Anything else you would like to say?</source>
        <translation>Unrhyw beth arall yr hoffech ei ddweud?</translation>
    </message>
    <message>
        <source>You can leave this empty and press Send.</source>
        <translation>Gallwch adael hwn yn wag a phwyso Anfon.</translation>
    </message>
    <message>
        <source>Sorry, that did not work. Please try again or ask at the desk.</source>
        <translation>Mae’n ddrwg gennym, ni weithiodd hynny. Rhowch gynnig arall arni, neu gofynnwch wrth y ddesg.</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Dydd Llun</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>Dydd Mawrth</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>Dydd Mercher</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>Dydd Iau</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>Dydd Gwener</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>Dydd Sadwrn</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Dydd Sul</translation>
    </message>
    <message>
        <source>Mornings</source>
        <translation>Boreau</translation>
    </message>
    <message>
        <source>Afternoons</source>
        <translation>Prynhawniau</translation>
    </message>
    <message>
        <source>Evenings</source>
        <translation>Nosweithiau</translation>
    </message>
    <message>
        <source>I can only do things from home</source>
        <translation>Dim ond o gartref y gallaf wneud pethau</translation>
    </message>
    <message>
        <source>Up to 1 mile</source>
        <translation>Hyd at 1 filltir</translation>
    </message>
    <message>
        <source>Up to 3 miles</source>
        <translation>Hyd at 3 milltir</translation>
    </message>
    <message>
        <source>Up to 5 miles</source>
        <translation>Hyd at 5 milltir</translation>
    </message>
    <message>
        <source>Up to 10 miles</source>
        <translation>Hyd at 10 milltir</translation>
    </message>
    <message>
        <source>Up to 20 miles</source>
        <translation>Hyd at 20 milltir</translation>
    </message>
    <message>
        <source>I have a car or a lift</source>
        <translation>Mae gen i gar neu lifft</translation>
    </message>
    <message>
        <source>I need step-free access</source>
        <translation>Mae angen mynediad heb risiau arnaf</translation>
    </message>
    <message>
        <source>I am under 18</source>
        <translation>Rwyf o dan 18 oed</translation>
    </message>
    <message>
        <source>I speak Welsh</source>
        <translation>Rwy’n siarad Cymraeg</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Dyddiau</translation>
    </message>
    <message>
        <source>Times of day</source>
        <translation>Adegau o’r dydd</translation>
    </message>
    <message>
        <source>Getting there</source>
        <translation>Cyrraedd yno</translation>
    </message>
    <message>
        <source>What do you enjoy, or want to try?</source>
        <translation>Beth ydych chi’n ei fwynhau, neu eisiau rhoi cynnig arno?</translation>
    </message>
    <message>
        <source>Choose as many as you like.</source>
        <translation>Dewiswch gymaint ag y dymunwch.</translation>
    </message>
    <message>
        <source>When are you free?</source>
        <translation>Pryd ydych chi’n rhydd?</translation>
    </message>
    <message>
        <source>Choose days, times of day, or both. Leave them empty if any time suits.</source>
        <translation>Dewiswch ddyddiau, adegau o’r dydd, neu’r ddau. Gadewch nhw’n wag os yw unrhyw adeg yn gyfleus.</translation>
    </message>
    <message>
        <source>How far can you get to?</source>
        <translation>Pa mor bell allwch chi deithio?</translation>
    </message>
    <message>
        <source>We use this to put nearer things first.</source>
        <translation>Rydym yn defnyddio hyn i ddangos pethau agosach yn gyntaf.</translation>
    </message>
    <message>
        <source>Anything we should know?</source>
        <translation>Unrhyw beth y dylem ei wybod?</translation>
    </message>
    <message>
        <source>Choose any that apply, or none. We do not keep these answers.</source>
        <translation>Dewiswch unrhyw rai sy’n berthnasol, neu ddim un. Nid ydym yn cadw’r atebion hyn.</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>Diddordebau</translation>
    </message>
    <message>
        <source>Your postcode, or its first half</source>
        <translation>Eich cod post, neu ei hanner cyntaf</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>Dangos i mi</translation>
    </message>
    <message>
        <source>Things you might like</source>
        <translation>Pethau y gallech eu hoffi</translation>
    </message>
    <message>
        <source>The best matches come first.</source>
        <translation>Mae’r rhai sy’n cyfateb orau yn dod gyntaf.</translation>
    </message>
    <message>
        <source>Change my answers</source>
        <translation>Newid fy atebion</translation>
    </message>
    <message>
        <source>Nothing is listed yet. Ask at the desk: there may be more going on.</source>
        <translation>Does dim wedi’i restru eto. Gofynnwch wrth y ddesg: efallai fod mwy yn digwydd.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Eich enw</translation>
    </message>
    <message>
        <source>How can the organiser reach you?</source>
        <translation>Sut gall y trefnydd gysylltu â chi?</translation>
    </message>
    <message>
        <source>We will pass this to the organiser of %1 only.</source>
        <translation>Byddwn yn rhoi hyn i drefnydd %1 yn unig.</translation>
    </message>
    <message>
        <source>Please type your name.</source>
        <translation>Teipiwch eich enw.</translation>
    </message>
    <message>
        <source>Please give an email address or a phone number.</source>
        <translation>Rhowch gyfeiriad e-bost neu rif ffôn.</translation>
    </message>
    <message>
        <source>We have told the organiser of %1. They will get in touch with you.</source>
        <translation>Rydym wedi dweud wrth drefnydd %1. Byddan nhw’n cysylltu â chi.</translation>
    </message>
    <message>
        <source>I’m interested</source>
        <translation>Mae gen i ddiddordeb</translation>
    </message>
    <message>
        <source>Tell the organiser of %1 you are interested</source>
        <translation>Dweud wrth drefnydd %1 fod gennych ddiddordeb</translation>
    </message>
    <message>
        <source>%1 (optional)</source>
        <translation>%1 (dewisol)</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Cam %1 o %2</translation>
    </message>
    <message>
        <source>Choose any you are happy with, or none.</source>
        <translation>Dewiswch y rhai sy’n iawn i chi, neu ddim un.</translation>
    </message>
    <message>
        <source>What is your name?</source>
        <translation>Beth yw eich enw?</translation>
    </message>
    <message>
        <source>How can we reach you?</source>
        <translation>Sut gallwn ni gysylltu â chi?</translation>
    </message>
    <message>
        <source>Give an email address, a phone number, or both.</source>
        <translation>Rhowch gyfeiriad e-bost, rhif ffôn, neu’r ddau.</translation>
    </message>
    <message>
        <source>What are you interested in?</source>
        <translation>Beth sydd o ddiddordeb i chi?</translation>
    </message>
    <message>
        <source>Choose as many as you like, or none.</source>
        <translation>Dewiswch gymaint ag y dymunwch, neu ddim un.</translation>
    </message>
    <message>
        <source>Which language would you like us to use?</source>
        <translation>Pa iaith hoffech chi i ni ei defnyddio?</translation>
    </message>
    <message>
        <source>How we look after your details</source>
        <translation>Gofalu am eich manylion</translation>
    </message>
    <message>
        <source>How may we keep in touch?</source>
        <translation>Sut cawn ni gysylltu â chi?</translation>
    </message>
    <message>
        <source>Groups and photographs</source>
        <translation>Grwpiau a ffotograffau</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Ymuno</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Enw cyntaf</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Cyfenw</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Cyfeiriad e-bost</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Rhif ffôn</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Cod post</translation>
    </message>
    <message>
        <source>It helps us find things near you.</source>
        <translation>Mae’n ein helpu i ddod o hyd i bethau yn agos atoch chi.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Iaith</translation>
    </message>
    <message>
        <source>On the next two screens, you choose what we may do.</source>
        <translation>Ar y ddwy sgrin nesaf, chi sy’n dewis beth gawn ni ei wneud.</translation>
    </message>
    <message>
        <source>Please type your first name.</source>
        <translation>Teipiwch eich enw cyntaf.</translation>
    </message>
    <message>
        <source>Thank you, %1!</source>
        <translation>Diolch, %1!</translation>
    </message>
    <message>
        <source>You have joined. Your membership number is %1: you can use it to check in next time. We will only get in touch in the ways you chose.</source>
        <translation>Rydych chi wedi ymuno. Eich rhif aelodaeth yw %1: gallwch ei ddefnyddio i gofrestru y tro nesaf. Dim ond yn y ffyrdd a ddewisoch y byddwn yn cysylltu â chi.</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Ydych chi yma o hyd?</translation>
    </message>
    <message>
        <source>To keep your details private, this screen will start again in 1 second.</source>
        <translation>Er mwyn cadw eich manylion yn breifat, bydd y sgrin hon yn dechrau eto ymhen 1 eiliad.</translation>
    </message>
    <message>
        <source>To keep your details private, this screen will start again in %1 seconds.</source>
        <translation>Er mwyn cadw eich manylion yn breifat, bydd y sgrin hon yn dechrau eto ymhen %1 eiliad.</translation>
    </message>
    <message>
        <source>Carry on</source>
        <translation>Parhau</translation>
    </message>
    <message>
        <source>Start again now</source>
        <translation>Dechrau eto nawr</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Staff yn unig</translation>
    </message>
    <message>
        <source>To leave kiosk mode, enter your staff user name and PIN.</source>
        <translation>I adael modd ciosg, rhowch eich enw defnyddiwr staff a’ch PIN.</translation>
    </message>
    <message>
        <source>Staff user name</source>
        <translation>Enw defnyddiwr staff</translation>
    </message>
    <message>
        <source>PIN or password</source>
        <translation>PIN neu gyfrinair</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Gadael modd ciosg</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Enter a staff user name and a PIN.</source>
        <translation>Rhowch enw defnyddiwr staff a PIN.</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Try again.</source>
        <translation>Methwyd gwirio’r PIN. Rhowch gynnig arall arni.</translation>
    </message>
    <message>
        <source>That did not match. Wait %1 seconds, then try again.</source>
        <translation>Nid oedd hynny’n cyfateb. Arhoswch %1 eiliad, yna rhowch gynnig arall arni.</translation>
    </message>
    <message>
        <source>Welcome to %1</source>
        <translation>Croeso i %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Croeso</translation>
    </message>
    <message>
        <source>What would you like to do? Touch a choice.</source>
        <translation>Beth hoffech chi ei wneud? Cyffyrddwch â dewis.</translation>
    </message>
    <message>
        <source>Hear about groups and things to do.</source>
        <translation>Clywed am grwpiau a phethau i’w gwneud.</translation>
    </message>
    <message>
        <source>Find something to do</source>
        <translation>Dod o hyd i rywbeth i’w wneud</translation>
    </message>
    <message>
        <source>Volunteering, groups and activities.</source>
        <translation>Gwirfoddoli, grwpiau a gweithgareddau.</translation>
    </message>
    <message>
        <source>Tell us what you think</source>
        <translation>Dweud eich barn</translation>
    </message>
    <message>
        <source>Quick, and no name needed.</source>
        <translation>Cyflym, a does dim angen enw.</translation>
    </message>
    <message>
        <source>To a meeting or event today.</source>
        <translation>I gyfarfod neu ddigwyddiad heddiw.</translation>
    </message>
</context>
<context>
    <name>matching</name>
    <message>
        <source>{when}</source>
        <translation>{when_cy}</translation>
    </message>
    <message>
        <source>whenever suits you</source>
        <translation>pryd bynnag sy’n gyfleus i chi</translation>
    </message>
    <message>
        <source>{when}: not when you said you are free</source>
        <translation>{when_cy}: nid pan ddywedoch eich bod yn rhydd</translation>
    </message>
    <message>
        <source>you like {name}</source>
        <translation>rydych chi’n hoffi {name_cy}</translation>
    </message>
    <message>
        <source>you are good at {name}</source>
        <translation>mae gennych sgiliau {name_cy}</translation>
    </message>
    <message>
        <source>from home</source>
        <translation>o gartref</translation>
    </message>
    <message>
        <source>{distance}</source>
        <translation>{distance_cy}</translation>
    </message>
    <message>
        <source>{distance}, you have transport</source>
        <translation>{distance_cy}, mae gennych gludiant</translation>
    </message>
    <message>
        <source>{distance}, on a bus route</source>
        <translation>{distance_cy}, ar lwybr bws</translation>
    </message>
    <message>
        <source>{distance}, transport offered</source>
        <translation>{distance_cy}, cynigir cludiant</translation>
    </message>
    <message>
        <source>{distance}: further than the {range} you said</source>
        <translation>{distance_cy}: ymhellach na’r {range_cy} a ddywedoch</translation>
    </message>
    <message>
        <source>{distance}: a long way</source>
        <translation>{distance_cy}: ffordd bell</translation>
    </message>
    <message>
        <source>distance not known</source>
        <translation>nid yw’r pellter yn hysbys</translation>
    </message>
    <message>
        <source>step-free access</source>
        <translation>mynediad heb risiau</translation>
    </message>
    <message>
        <source>step-free access not confirmed</source>
        <translation>mynediad heb risiau heb ei gadarnhau</translation>
    </message>
    <message>
        <source>suitable for under-18s</source>
        <translation>addas i bobl dan 18 oed</translation>
    </message>
    <message>
        <source>not marked as suitable for under-18s</source>
        <translation>heb ei nodi’n addas i bobl dan 18 oed</translation>
    </message>
    <message>
        <source>Welsh speakers wanted: you speak Welsh</source>
        <translation>angen siaradwyr Cymraeg: rydych chi’n siarad Cymraeg</translation>
    </message>
    <message>
        <source>Welsh speakers wanted</source>
        <translation>angen siaradwyr Cymraeg</translation>
    </message>
</context>
</TS>
